import { randomLetters } from "../events/ids";
import type { Ctx } from "../context";
import { instanceLocks, sleepUnlessAborted } from "./local";
import { lockId, type LockRequest, type ResolvedLockOptions } from "./options";

/** The database side of one acquisition (read/write rows, or one exclusive row). */
export interface LockStore {
  /** How many rows the acquisition has. */
  size: number;
  renew(ctx: Ctx): Promise<number>;
  countLive(ctx: Ctx): Promise<number>;
  remove(ctx: Ctx): Promise<void>;
  /** Forgets the local reservation. */
  unreserve(): void;
}

export interface LockHandle {
  readonly token: string;
  /** Aborts if the lease is lost (renewal failed: the lock may now belong to someone else). */
  readonly signal: AbortSignal;
  release(): Promise<void>;
  /** The rows still exist under our token and were renewed within the timeout. */
  isStillValid(): Promise<boolean>;
  /** Stops renewing and forgets the lock locally, leaving its rows: what a crashed holder leaves behind. */
  abandon(): void;
}

// Tokens only need to be unique: a random per-process prefix and a counter cost no entropy per lock.
const tokenPrefix = randomLetters(10);
let tokenCounter = 0;

export function newLockToken(): string {
  tokenCounter = (tokenCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${tokenPrefix}${tokenCounter.toString(36)}`;
}

// Aborting without a reason builds a DOMException with a stack trace each time.
const RELEASED = new Error("lock released");
const LOST = new Error("lock lease lost");

/** A held acquisition: renewed every renewMs until released; the release wakes waiters here and everywhere. */
export class LeaseHandle implements LockHandle {
  private readonly lost = new AbortController();
  private readonly stopRenewing = new AbortController();
  private done = false;
  private released = false;

  constructor(
    private readonly ctx: Ctx,
    readonly token: string,
    private readonly requests: LockRequest[],
    private readonly store: LockStore,
    private readonly options: ResolvedLockOptions,
    /** Queues to wake on release. */
    private readonly wakeIds: string[] = requests.map((r) => lockId(r.name, r.key)),
  ) {
    instanceLocks(ctx.instanceName).handles.add(this);
    void this.renewLoop();
  }

  get signal(): AbortSignal {
    return this.lost.signal;
  }

  private async renewLoop(): Promise<void> {
    const local = instanceLocks(this.ctx.instanceName);
    while (await sleepUnlessAborted(this.ctx.clock, this.options.renewMs, this.stopRenewing.signal)) {
      try {
        const kept = await local.track(this.store.renew(this.ctx));
        if (kept < this.store.size) {
          this.ctx.logger.warn("lock lease lost", { locks: this.requests.map((r) => `${r.name}/${r.key}`), token: this.token });
          this.lost.abort(LOST);
          return;
        }
      } catch (error) {
        this.ctx.logger.warn("lock renewal failed", { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  async isStillValid(): Promise<boolean> {
    if (this.released || this.lost.signal.aborted) return false;
    return (await this.store.countLive(this.ctx)) === this.store.size;
  }

  private forget(): boolean {
    if (this.done) return false;
    this.done = true;
    this.stopRenewing.abort(RELEASED);
    instanceLocks(this.ctx.instanceName).handles.delete(this);
    return true;
  }

  async release(): Promise<void> {
    if (!this.forget()) return;
    this.released = true;
    const local = instanceLocks(this.ctx.instanceName);
    try {
      await local.track(this.store.remove(this.ctx));
    } finally {
      // Held locally until the rows are gone, so no sibling tries the database too early.
      this.store.unreserve();
      local.wake(this.wakeIds);
    }
  }

  abandon(): void {
    if (this.forget()) this.store.unreserve();
  }
}
