/**
 * Turns IndexedDB failures into messages a person can act on. The engine only needs
 * `{ ok: false, message }`; the message names the cause (quota, abort, blocked, closed).
 */

/** The DOMException name of an IndexedDB error, or a fallback for anything else thrown. */
function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name;
  return 'Error';
}

function errorDetail(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

/** A message for an IndexedDB failure while `doing` something (e.g. "appending to the commit log"). */
export function describeIdbError(error: unknown, doing: string): string {
  const name = errorName(error);
  switch (name) {
    case 'QuotaExceededError':
      return `${doing} failed: the browser's storage quota for this site is used up (QuotaExceededError). Wipe old clusters or free disk space.`;
    case 'AbortError':
      return `${doing} failed: the IndexedDB transaction was aborted (AbortError); nothing it wrote was kept.`;
    case 'InvalidStateError':
      return `${doing} failed: the database connection or transaction is no longer usable, e.g. closed or aborted (InvalidStateError).`;
    case 'TransactionInactiveError':
      return `${doing} failed: the IndexedDB transaction had already finished (TransactionInactiveError).`;
    case 'VersionError':
      return `${doing} failed: the database was written by a newer version of Ringlab (VersionError).`;
    case 'DataCloneError':
      return `${doing} failed: a value could not be stored (DataCloneError: ${errorDetail(error)}).`;
    case 'UnknownError':
      return `${doing} failed: the browser's storage reported an internal error (UnknownError: ${errorDetail(error)}).`;
    default:
      return `${doing} failed: ${name}: ${errorDetail(error)}`;
  }
}

/** Opening or deleting waits on another connection (another tab) that does not close. */
export function blockedMessage(doing: string, name: string): string {
  return `${doing} failed: database "${name}" is blocked by another open connection (another tab or worker); close it and retry.`;
}
