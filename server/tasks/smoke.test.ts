import { expect, test } from "vitest";
import { createTestApp } from "../testing/test-app";
import { createTaskScheduler, getTask, scheduleTask } from ".";

test("smoke: a task runs and completes", async () => {
  const app = await createTestApp();
  const s = createTaskScheduler(app);
  s.register("t", async (_ctx, task) => ({ status: "complete", result: task.params }));
  await s.start();
  const ctx = app.ctx("@a:test");
  const id = await scheduleTask(ctx, { action: "t", params: { val: 1 } });
  await s.settle();
  expect(await getTask(ctx, id)).toMatchObject({ status: "complete", result: { val: 1 } });
});
