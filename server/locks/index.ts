export { PURGE_PAGINATION_LOCK, NEW_EVENT_DURING_PURGE_LOCK } from "./names";
export { DEFAULT_LOCK_RENEW_MS, DEFAULT_LOCK_TIMEOUT_MS, type LockOptions, type LockRequest } from "./options";
export { tryAcquireLocks, tryAcquireLock } from "./acquire";
export { withLocks, withLock, acquireLocks, type Lease } from "./wait";
export type { LockHandle } from "./handle";
export { startLockService, releaseAllLocks, reapStaleLocks, type LockService } from "./service";
export { settleLocks } from "./local";
