import type { App, BackgroundService } from "../app";
import type { Ctx } from "../context";
import { instanceLocks, sleepUnlessAborted } from "./local";
import { exclusiveLockId, lockId, LOCKS_CHANNEL, resolveLockOptions, type LockOptions } from "./options";
import { reapStaleReadWriteLocks } from "./rw-store";

/** Releases every lock this instance holds (shutdown). */
export async function releaseAllLocks(ctx: Ctx): Promise<void> {
  const handles = [...instanceLocks(ctx.instanceName).handles];
  await Promise.allSettled(handles.map((h) => h.release()));
}

/** Deletes read/write locks and waiting-writer rows whose holders stopped renewing. */
export async function reapStaleLocks(ctx: Ctx, options: LockOptions = {}): Promise<number> {
  return reapStaleReadWriteLocks(ctx, resolveLockOptions(options).timeoutMs);
}

export interface LockService extends BackgroundService {
  /** One reaper pass (also run every timeout / 10). */
  reap(): Promise<number>;
}

function parseRelease(payload: string): string | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (!Array.isArray(value) || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    return value[2] === "exclusive" ? exclusiveLockId(value[0], value[1]) : lockId(value[0], value[1]);
  } catch {
    // Not ours: ignore.
  }
  return null;
}

/**
 * The instance's lock service: hears releases from every instance (LISTEN) and wakes local
 * waiters, reaps stale read/write locks every timeout / 10 (12 s), and releases everything held
 * here when the instance stops.
 */
export async function startLockService(app: App, options: LockOptions = {}): Promise<LockService> {
  const resolved = resolveLockOptions(options);
  const ctx = app.ctx("system:locks");
  const local = instanceLocks(app.instanceName);
  const stopping = new AbortController();
  const meta = await app.conn.sql.listen(LOCKS_CHANNEL, (payload) => {
    const id = parseRelease(payload);
    if (id) local.wake([id]);
  });
  const reap = () => local.track(reapStaleLocks(ctx, resolved));
  const reaper = async () => {
    while (await sleepUnlessAborted(app.clock, Math.max(1, Math.floor(resolved.timeoutMs / 10)), stopping.signal)) {
      await reap().catch((error: unknown) => app.logger.warn("lock reaper failed", { error: error instanceof Error ? error.message : String(error) }));
    }
  };
  void reaper();
  const service: LockService = {
    name: "locks",
    reap,
    async stop() {
      stopping.abort();
      await meta.unlisten().catch(() => {});
      await releaseAllLocks(ctx);
    },
  };
  app.services.push(service);
  return service;
}
