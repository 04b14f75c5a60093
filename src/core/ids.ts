/** Branded identifiers: a NodeId cannot be passed where a ClientId is expected. */
export type NodeId = string & { readonly __brand: 'NodeId' };
export type ClientId = string & { readonly __brand: 'ClientId' };
/** A wire message's id, unique within one cluster run; assigned by the host's network. */
export type MsgId = number & { readonly __brand: 'MsgId' };
/** A client request's id, unique within one cluster run; assigned by the host. */
export type RequestId = number & { readonly __brand: 'RequestId' };
/** A timer's id, unique per node. */
export type TimerId = number & { readonly __brand: 'TimerId' };

export const nodeId = (s: string): NodeId => s as NodeId;
export const clientId = (s: string): ClientId => s as ClientId;
export const msgId = (n: number): MsgId => n as MsgId;
export const requestId = (n: number): RequestId => n as RequestId;
export const timerId = (n: number): TimerId => n as TimerId;
