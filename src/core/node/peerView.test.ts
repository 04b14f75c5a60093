/**
 * Goal: a peer is suspected only when it owed an answer and sent nothing at all for the window,
 * so a peer busy answering other requests under a backlog is not turned into `unavailable`
 * errors, while a dead or cut-off one still is. Method: the view driven by hand with times.
 */
import { describe, expect, it } from 'vitest';
import { nodeId } from '../ids';
import { PeerView } from './peerView';

const b = nodeId('S2');

describe('peer view', () => {
  it('does not suspect a peer heard from within the window, and suspects a silent one', () => {
    const view = new PeerView();
    view.heardFrom(b, 900);
    expect(view.markUnreachable(b, 750)).toBe(false);
    expect(view.isReachable(b)).toBe(true);
    expect(view.markUnreachable(b, 901)).toBe(true);
    expect(view.isReachable(b)).toBe(false);
    expect(view.unreachablePeers()).toEqual([b]);
  });

  it('suspects a peer never heard from, and any message makes it reachable again', () => {
    const view = new PeerView();
    expect(view.markUnreachable(b, 0)).toBe(true);
    expect(view.markUnreachable(b, 0)).toBe(false);
    expect(view.heardFrom(b, 10)).toBe(true);
    expect(view.isReachable(b)).toBe(true);
  });
});
