/** One lock in a request: (name, key) for reading (shared) or writing (exclusive). */
export interface LockRequest {
  name: string;
  key: string;
  write: boolean;
}

export interface LockOptions {
  /** A lock not renewed for this long is stale: its holder is presumed dead (Synapse: 2 min). */
  timeoutMs?: number;
  /** Renewal interval of held locks and waiting-writer rows (Synapse: 30 s). */
  renewMs?: number;
  /** Called once if the first attempt finds the locks taken, so a task can say what it waits for. */
  onWait?: () => Promise<void>;
}

export interface ResolvedLockOptions {
  timeoutMs: number;
  renewMs: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 120_000;
export const DEFAULT_LOCK_RENEW_MS = 30_000;
/** Waiters retry after 0.1 s, doubling up to 5 s, each ×[0.9, 1.1]. */
export const BACKOFF_START_MS = 100;
export const BACKOFF_MAX_MS = 5_000;
/** Log a warning when someone has waited this long for a lock. */
export const WAIT_WARNING_MS = 10 * 60_000;

/** Channel on which releases are announced to every instance (payload: JSON [name, key]). */
export const LOCKS_CHANNEL = "scrollback_locks";

export function resolveLockOptions(options: LockOptions = {}): ResolvedLockOptions {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  return { timeoutMs, renewMs: options.renewMs ?? Math.min(DEFAULT_LOCK_RENEW_MS, Math.max(1, Math.floor(timeoutMs / 4))) };
}

/** One entry per (name, key); a key asked for both ways is asked for writing. Sorted, so order is stable. */
export function normalizeRequests(requests: LockRequest[]): LockRequest[] {
  const byKey = new Map<string, LockRequest>();
  for (const r of requests) {
    const id = lockId(r.name, r.key);
    const seen = byKey.get(id);
    byKey.set(id, { name: r.name, key: r.key, write: r.write || (seen?.write ?? false) });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

export function lockId(name: string, key: string): string {
  return JSON.stringify([name, key]);
}

/** Exclusive locks are a separate namespace from read/write locks of the same name. */
export function exclusiveLockId(name: string, key: string): string {
  return JSON.stringify([name, key, "exclusive"]);
}
