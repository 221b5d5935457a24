import type { App, BackgroundService } from "../app";
import type { Ctx } from "../context";
import { claimTasks } from "./claim-tasks";
import { cleanupTasks } from "./cleanup-tasks";
import { finishTask, releaseLeases, renewLeases } from "./finish-task";
import { localTaskBus, parseNotice, TASKS_CHANNEL, type TaskNotice } from "./notify";
import type { Task, TaskFunction, TaskOutcome } from "./types";

export interface TaskSchedulerOptions {
  /** How long a runner's claim lasts without a heartbeat; expired means the runner died. */
  leaseMs?: number;
  /** Heartbeat (lease renewal and cancel check) interval; default leaseMs / 4. */
  heartbeatMs?: number;
  /** LISTEN for new tasks and cancels (default true); without it, polling and heartbeats still work. */
  listen?: boolean;
  /** Real time stop() waits for aborted task functions to return before releasing their leases. */
  shutdownGraceMs?: number;
}

export interface RegisterOptions {
  /** Cluster-wide cap on concurrently running tasks of this action (also config.tasks.per_action). */
  maxConcurrent?: number;
}

export interface TaskScheduler extends BackgroundService {
  register(action: string, fn: TaskFunction, options?: RegisterOptions): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One launcher pass (single-flight: a call during a pass makes it run once more). */
  tick(): Promise<void>;
  /** Deletes finished tasks older than config.tasks.keep_for (also done every poll interval). */
  cleanup(): Promise<number>;
  /** Resolves when no task function runs here. */
  idle(): Promise<void>;
  /** Resolves when the scheduler's own database work (claims, finishes, heartbeats) is done: for tests. */
  settle(): Promise<void>;
  /** Ids of the tasks running in this instance. */
  running(): string[];
  /**
   * Stops as a killed process would: loops and listeners end, running tasks are forgotten (their
   * signals abort, their outcomes are never written) and their leases are left to expire. For tests
   * of resumption; stop() is the graceful way.
   */
  crash(): Promise<void>;
}

const DEFAULT_LEASE_MS = 120_000;
const RELAUNCH_DELAY_MS = 100;

class Abort extends Error {
  constructor(readonly reason: "cancelled" | "lost" | "shutdown") {
    super(`task ${reason}`);
    this.name = "AbortError";
  }
}

interface Running {
  task: Task;
  controller: AbortController;
  done: Promise<void>;
}

class Scheduler implements TaskScheduler {
  readonly name = "tasks";
  private readonly actions = new Map<string, { fn: TaskFunction; maxConcurrent?: number }>();
  private readonly runningTasks = new Map<string, Running>();
  private readonly pending = new Set<Promise<unknown>>();
  private ticking: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly onLocalNotice = (notice: TaskNotice) => this.onNotice(notice);

  constructor(
    private readonly app: App,
    private readonly options: TaskSchedulerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(this.leaseMs / 4));
  }

  private ctx(actor = "system:scheduler"): Ctx {
    return this.app.ctx(actor);
  }

  register(action: string, fn: TaskFunction, options: RegisterOptions = {}): void {
    if (this.actions.has(action)) throw new Error(`task action ${action} is already registered`);
    this.actions.set(action, { fn, maxConcurrent: options.maxConcurrent });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (!this.app.services.includes(this)) this.app.services.push(this);
    localTaskBus(this.app.instanceName).on("notice", this.onLocalNotice);
    if (this.options.listen !== false) {
      const meta = await this.app.conn.sql.listen(TASKS_CHANNEL, (payload) => {
        const notice = parseNotice(payload);
        if (notice) this.onNotice(notice);
      });
      this.unlisten = () => meta.unlisten();
    }
    this.loop(this.app.config.tasks.poll_interval, async () => {
      await this.cleanup();
      await this.tick();
    });
    this.loop(this.heartbeatMs, () => this.heartbeat());
    // Resume at once what this instance (or a dead one) left active.
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    localTaskBus(this.app.instanceName).off("notice", this.onLocalNotice);
    await this.unlisten?.().catch(() => {});
    const running = [...this.runningTasks.values()];
    for (const r of running) r.controller.abort(new Abort("shutdown"));
    const grace = new Promise<void>((resolve) => setTimeout(resolve, this.options.shutdownGraceMs ?? 5_000).unref());
    await Promise.race([Promise.allSettled(running.map((r) => r.done)), grace]);
    await this.settle();
    await releaseLeases(this.ctx(), running.map((r) => r.task.id)).catch((error: unknown) => this.logError("releasing task leases", error));
  }

  async crash(): Promise<void> {
    this.stopped = true;
    localTaskBus(this.app.instanceName).off("notice", this.onLocalNotice);
    await this.unlisten?.().catch(() => {});
    for (const r of this.runningTasks.values()) r.controller.abort(new Abort("shutdown"));
    this.runningTasks.clear();
    const index = this.app.services.indexOf(this);
    if (index >= 0) this.app.services.splice(index, 1);
  }

  tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    const pass = async () => {
      do {
        this.again = false;
        await this.launch();
      } while (this.again && !this.stopped);
    };
    const ticking = pass()
      .catch((error: unknown) => this.logError("task launcher pass", error))
      .finally(() => {
        this.ticking = null;
      });
    this.ticking = ticking;
    return this.track(ticking);
  }

  cleanup(): Promise<number> {
    return this.track(cleanupTasks(this.ctx()));
  }

  async idle(): Promise<void> {
    while (this.runningTasks.size > 0) await Promise.allSettled([...this.runningTasks.values()].map((r) => r.done));
  }

  async settle(): Promise<void> {
    for (;;) {
      await flushImmediates();
      if (this.pending.size === 0) return;
      await Promise.allSettled([...this.pending]);
    }
  }

  running(): string[] {
    return [...this.runningTasks.keys()];
  }

  private async launch(): Promise<void> {
    if (this.stopped) return;
    const capacity = this.app.config.tasks.max_concurrent - this.runningTasks.size;
    if (capacity <= 0) return;
    const claimed = await claimTasks(this.ctx(), {
      actions: [...this.actions.keys()],
      capacity,
      perAction: this.perActionCaps(),
      runningIds: this.running(),
      leaseMs: this.leaseMs,
    });
    for (const task of claimed) this.run(task);
  }

  private perActionCaps(): Map<string, number> {
    const caps = new Map<string, number>(Object.entries(this.app.config.tasks.per_action));
    for (const [action, { maxConcurrent }] of this.actions) {
      if (maxConcurrent === undefined) continue;
      caps.set(action, Math.min(maxConcurrent, caps.get(action) ?? Infinity));
    }
    return caps;
  }

  private run(task: Task): void {
    const entry = this.actions.get(task.action);
    if (!entry) return;
    const controller = new AbortController();
    const ctx = this.ctx(task.actor ?? "system:scheduler");
    const outcome = (async (): Promise<TaskOutcome> => {
      try {
        return await entry.fn(ctx, task, controller.signal);
      } catch (error) {
        return { status: "failed", error: error instanceof Error ? error.message : String(error) };
      }
    })();
    const done = outcome
      .then((result) => this.track(this.finish(ctx, task, controller, result)))
      .catch((error: unknown) => this.logError(`finishing task ${task.id}`, error))
      .finally(() => {
        this.runningTasks.delete(task.id);
        if (!this.stopped) void this.app.clock.sleep(RELAUNCH_DELAY_MS).then(() => this.relaunch());
      });
    this.runningTasks.set(task.id, { task, controller, done });
  }

  private async finish(ctx: Ctx, task: Task, controller: AbortController, outcome: TaskOutcome): Promise<void> {
    // Cancelled, taken over or shutting down: the row already says what happened.
    if (controller.signal.aborted) return;
    await finishTask(ctx, task.id, outcome);
  }

  private relaunch(): void {
    if (!this.stopped) void this.tick();
  }

  private async heartbeat(): Promise<void> {
    const lost = await renewLeases(this.ctx(), this.running(), this.leaseMs);
    for (const id of lost) this.runningTasks.get(id)?.controller.abort(new Abort("lost"));
  }

  private onNotice(notice: TaskNotice): void {
    if (this.stopped) return;
    if (notice.kind === "new") void this.tick();
    else this.runningTasks.get(notice.id)?.controller.abort(new Abort("cancelled"));
  }

  /** Runs body every intervalMs at a fixed rate (passes that fall behind are skipped, not stacked). */
  private loop(intervalMs: number, body: () => Promise<unknown>): void {
    const clock = this.app.clock;
    const run = async () => {
      let due = clock.now() + intervalMs;
      while (!this.stopped) {
        await clock.sleep(Math.max(0, due - clock.now()));
        if (this.stopped) return;
        await this.track(body()).catch((error: unknown) => this.logError("task scheduler loop", error));
        while (due <= clock.now()) due += intervalMs;
      }
    };
    void run();
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => {});
    return promise;
  }

  private logError(what: string, error: unknown): void {
    if (this.stopped) return;
    this.app.logger.error(`${what} failed`, { error: error instanceof Error ? error.message : String(error) });
  }
}

async function flushImmediates(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The task launcher of one instance; register actions, then start(). */
export function createTaskScheduler(app: App, options: TaskSchedulerOptions = {}): TaskScheduler {
  return new Scheduler(app, options);
}
