import { afterAll } from "vitest";
import { createApp, type App } from "../app";
import type { Clock } from "../clock";
import { connect } from "../db/client";
import { silentLogger } from "../logger";
import type { TestApp } from "../testing/test-app";

/**
 * Polls a condition until it holds (real time, a few ms apart): for work driven by the database or
 * LISTEN/NOTIFY rather than by the fake clock. Fails after timeoutMs.
 */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Another instance on the same database (own connection pool and instance name, same clock). */
export function secondInstance(first: TestApp, instanceName: string, clock: Clock = first.clock): App {
  const app = createApp({ conn: connect(first.url), config: first.config, clock, logger: silentLogger, instanceName });
  afterAll(() => app.stop());
  return app;
}

/** Sleeps on the clock, or returns false as soon as the signal aborts. */
export function sleepOrAbort(clock: Clock, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
    void clock.sleep(ms).then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(!signal.aborted);
    });
  });
}
