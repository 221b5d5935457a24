import { expect, test, type Page } from "@playwright/test";
import { createRoom } from "../server/rooms";
import { persistEvents } from "../server/events";
import { cancelTask, scheduleTask } from "../server/tasks";
import { randomLetters } from "../server/events/ids";
import { readUsers, storageStateOf, withCore } from "./fixtures/core";
import { pageBackToBeginning } from "./fixtures/timeline";

// The retention workflow end to end, as an operator in the browser: set a room's policy, see it in
// the rooms-by-policy list and the purge job's forecast, see the room's own forecast count its
// expired events and the timeline mark them, run a purge now (task → complete, toast), cancel a scheduled task, and finally an
// admin reads the audit entries of all of it.
//
// Ages: purges cut by received_ts (server/retention/boundary.ts), which the core sets to the time
// of writing. So the room's messages are written here, before the test, and the policy is 1 s: by
// the time the forecast is read they are older than that.

const MESSAGES = 30;
const name = `Retention E2E ${randomLetters(6)}`;
let roomId = "";
let runTaskId = "";
let scheduledTaskId = "";

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateOf("operator") });

test.beforeAll(async () => {
  roomId = await withCore(async (ctx) => {
    const creator = `@retention-owner:${ctx.config.server_name}`;
    const room = await createRoom(ctx, { creator, name, preset: "private_chat" });
    await persistEvents(ctx, room.roomId, Array.from({ length: MESSAGES }, (_, i) => ({ type: "m.room.message", sender: creator, content: { msgtype: "m.text", body: `Old message ${i + 1}` } })));
    return room.roomId;
  });
});

const retentionTab = (page: Page) => page.goto(`/rooms/${encodeURIComponent(roomId)}?tab=retention`);

test("an operator sets the room's policy; the clamped value and the room's forecast show it", async ({ page }) => {
  await retentionTab(page);
  await expect(page.getByTestId("room-retention")).toContainText("none (the server default applies)");
  await page.getByLabel("Maximum lifetime").fill("1000d");
  await expect(page.getByText("Purging uses the allowed maximum, 1y 35d.")).toBeVisible();
  await page.getByLabel("Minimum lifetime").fill("2s");
  await page.getByLabel("Maximum lifetime").fill("1s");
  await expect(page.getByRole("alert").filter({ hasText: "can not be greater" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save policy" })).toBeDisabled();
  await page.getByLabel("Minimum lifetime").fill("");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policy saved." })).toBeVisible();
  await expect(page.getByTestId("purge-max-lifetime")).toHaveText("1s");
  await expect(page.getByTestId("room-retention")).toContainText("min none, max 1s");
  // Every message is older than 1 s by now; the newest event (the policy itself, once a second old) stays.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("room-forecast")).toContainText(`would delete ${MESSAGES} events`, { timeout: 2000 });
  }).toPass();
});

test("the room's timeline marks every message older than the policy as expired, and no state event", async ({ page }) => {
  await page.goto(`/rooms/${encodeURIComponent(roomId)}`);
  const rows = page.getByTestId("timeline").locator(":scope > li");
  await pageBackToBeginning(page);
  const messages = rows.and(page.locator("[data-event-type='m.room.message']"));
  await expect(messages).toHaveCount(MESSAGES);
  await expect(messages.filter({ has: page.getByText("expired", { exact: true }) })).toHaveCount(MESSAGES);
  await expect(messages.filter({ has: page.getByTestId("event-text").getByText(`Old message ${MESSAGES}`, { exact: true }) }).getByText("expired", { exact: true })).toHaveAttribute("title", /retention max_lifetime/);
  // State is never expired: the policy itself and the room's creation.
  for (const type of ["m.room.retention", "m.room.create"]) {
    const state = rows.and(page.locator(`[data-event-type='${type}']`));
    await expect(state).toHaveCount(1);
    await expect(state.getByText("expired", { exact: true })).toHaveCount(0);
  }
});

test("the rooms-by-policy list and the purge job's schedule and forecast show the room", async ({ page }) => {
  await page.goto("/retention");
  await expect(page.getByTestId("server-policy")).toContainText("enabled");
  await expect(page.getByRole("note")).toContainText("max_lifetime ≤ ∞");
  const job = page.getByTestId("purge-job").filter({ hasText: "0 < max_lifetime ≤ 7d" });
  await expect(job.getByTestId("job-next-run")).toContainText("UTC");
  await expect(job.getByTestId("job-forecast")).toContainText(roomId);
  await expect(job.getByTestId("job-forecast").getByRole("listitem").filter({ hasText: roomId })).toContainText(`${MESSAGES} events (max_lifetime 1s)`);
  await page.getByLabel("Search").fill(name);
  await page.getByLabel("Only rooms with their own policy").check();
  await page.getByRole("button", { name: "Show rooms" }).click();
  await expect(page).toHaveURL(/own=1/);
  const row = page.getByTestId("policy-room");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(name);
  await expect(row).toContainText("min none, max 1s");
  await expect(row).toContainText("0 < max_lifetime ≤ 7d");
  // The same room through the job's own list.
  await page.goto("/retention");
  await page.getByLabel("Covered by job").selectOption({ label: "0 < max_lifetime ≤ 7d" });
  await page.getByRole("button", { name: "Show rooms" }).click();
  await expect(page.getByTestId("policy-room").filter({ hasText: roomId })).toHaveCount(1);
});

test("run now starts a task that completes, and a toast says so", async ({ page }) => {
  await retentionTab(page);
  await page.getByRole("button", { name: /Run retention purge now/ }).click();
  const started = page.getByRole("status").filter({ hasText: "Purge started as" });
  await expect(started).toBeVisible();
  runTaskId = ((await started.getByRole("link").textContent()) ?? "").replace("task ", "").trim();
  expect(runTaskId).toMatch(/^[A-Za-z]{16}$/);
  const toast = page.getByTestId("task-toast").filter({ hasText: `Task retention_purge for ${roomId} finished.` });
  await expect(toast).toBeVisible();
  await toast.getByRole("button", { name: "Dismiss notification" }).click();
  await expect(toast).toHaveCount(0);
  await started.getByRole("link").click();
  await expect(page.getByTestId("task-detail").getByTestId("task-status")).toHaveText("complete");
  await page.goto(`/rooms/${encodeURIComponent(roomId)}?tab=tasks`);
  const row = page.locator(`[data-task-id="${runTaskId}"]`);
  await expect(row.getByTestId("task-status")).toHaveText("complete");
  await retentionTab(page);
  await expect(page.getByTestId("room-forecast")).toContainText(/would delete (0 events|nothing)/);
});

test("a retention run scheduled for tomorrow can be cancelled from the tasks list; an admin's purge cannot", async ({ page }) => {
  const tomorrow = Date.now() + 86_400_000;
  scheduledTaskId = await withCore((ctx) => scheduleTask(ctx, { action: "retention_purge", resourceId: roomId, params: { note: "e2e" }, timestamp: tomorrow }));
  const purgeTaskId = await withCore((ctx) => scheduleTask(ctx, { action: "purge_history", resourceId: roomId, params: { note: "e2e" }, timestamp: tomorrow }));
  await page.goto("/tasks");
  await page.getByLabel("Status").selectOption("scheduled");
  await page.getByLabel("Room ID").fill(roomId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=scheduled/);
  const row = page.locator(`[data-task-id="${scheduledTaskId}"]`);
  await expect(row.getByTestId("task-status")).toHaveText("scheduled");
  // Operators manage retention: they may stop its runs, not a purge an admin started.
  await expect(page.locator(`[data-task-id="${purgeTaskId}"]`).getByTestId("task-status")).toHaveText("scheduled");
  await expect(page.locator(`[data-task-id="${purgeTaskId}"]`).getByRole("button", { name: "Cancel…" })).toHaveCount(0);
  await withCore((ctx) => cancelTask(ctx, purgeTaskId));
  await row.getByRole("button", { name: "Cancel…" }).click();
  await row.getByRole("button", { name: "Yes, cancel task" }).click();
  // Filtered to scheduled tasks, the cancelled one leaves the list; unfiltered it shows cancelled.
  await expect(row).toHaveCount(0);
  await page.goto(`/tasks/${scheduledTaskId}`);
  await expect(page.getByTestId("task-detail").getByTestId("task-status")).toHaveText("cancelled");
});

test("an admin reads the audit entries of the policy change, run now and cancel, and filters them", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf("admin") });
  const page = await context.newPage();
  const operator = readUsers().operator.userId;
  await page.goto("/audit");
  await page.getByLabel("Room ID").fill(roomId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(3);
  const change = rows.filter({ hasText: "retention_policy_change" });
  await expect(change).toContainText(operator);
  await expect(change.getByTestId("audit-params")).toContainText('"max_lifetime":1000');
  await expect(change.getByTestId("audit-params")).toContainText("@retention-owner:e2e.test");
  const run = rows.filter({ hasText: "run_now" });
  await expect(run).toContainText(operator);
  await expect(run.getByTestId("audit-params")).toContainText('"run_now":true');
  await expect(run).toContainText("ok");
  const cancel = rows.filter({ hasText: "cancel_task" });
  await expect(cancel).toContainText(operator);
  await expect(cancel).toContainText(scheduledTaskId);
  await expect(cancel.getByTestId("audit-params")).toContainText('"action":"retention_purge"');
  // Narrow by action too.
  await page.getByLabel("Action").fill("cancel_task");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(scheduledTaskId);
  await context.close();
});
