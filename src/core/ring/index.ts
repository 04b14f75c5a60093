// Public surface of the ring: consistent hashing, preference lists and ownership diffs.
// Re-exports only; each concept lives in its own file.
export { murmur3x86_32, murmur3x86_32Bytes, ringPosition, ringPositionCount, ringPositionMax } from './hash';
export type { Ring, RingMember } from './ring';
export { buildRing, compareIds, memberIndexOf, ringMemberCountMax, ringTokenCountMax, tokenCountOf, tokensOf } from './ring';
export type { PreferenceList } from './preferenceList';
export { firstTokenAt, preferenceList, preferenceListAt, replicasAt, replicasFor } from './preferenceList';
export type { RangeMove } from './rangeOwnership';
export { arcContains, arcLength, ownedFraction, ownershipChanges, replicatedFraction } from './rangeOwnership';
