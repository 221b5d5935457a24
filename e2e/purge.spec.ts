import { expect, test, type Page } from "@playwright/test";
import { createRoom } from "../server/rooms";
import { persistEvents } from "../server/events";
import { getTasks } from "../server/tasks";
import { purgeRoom } from "../server/purge";
import { callAction, captureAction } from "./fixtures/actions";
import { holdRow } from "./fixtures/hold-row";
import { alertIn, readUsers, storageStateOf, withCore } from "./fixtures/core";
import { pageBackToBeginning } from "./fixtures/timeline";

test.use({ storageState: storageStateOf("admin") });

const MESSAGES = 1500;
const CUTOFF = 1401;

/**
 * A room with `messages` messages, odd ones from a local user and even ones from another server; the
 * cutoff is message `cutoff`. Only the main test's room is big (and it is purged): other specs expect
 * the demo's Town Square to stay the biggest room.
 */
async function seedRoom(name: string, messages = MESSAGES, cutoff = CUTOFF): Promise<{ roomId: string; cutoffEventId: string; idOf: (n: number) => string }> {
  return withCore(async (ctx) => {
    const local = `@purge-owner:${ctx.config.server_name}`;
    const remote = "@far-away:remote.example";
    const { roomId } = await createRoom(ctx, { creator: local, name, preset: "public_chat" });
    await persistEvents(ctx, roomId, [{ type: "m.room.member", stateKey: remote, sender: remote, content: { membership: "join" } }]);
    const stored = await persistEvents(
      ctx,
      roomId,
      Array.from({ length: messages }, (_, i) => ({ type: "m.room.message", sender: i % 2 === 0 ? local : remote, content: { msgtype: "m.text", body: `Purge message ${i + 1}.` } })),
    );
    const ids = new Map(stored.map((e) => [(e.content as { body?: string }).body, e.eventId]));
    const idOf = (n: number) => ids.get(`Purge message ${n}.`) ?? "";
    return { roomId, cutoffEventId: idOf(cutoff), idOf };
  });
}

/** The numbers of "Deleted N of M events (…)" in the progress view. */
async function progressNumbers(page: Page): Promise<{ deleted: number; total: number; text: string }> {
  const text = (await page.getByRole("progressbar", { name: "Purge progress" }).getAttribute("aria-valuetext")) ?? "";
  const match = /^Deleted ([\d,]+) of ([\d,]+) events/.exec(text);
  const num = (s: string | undefined) => Number((s ?? "-1").replaceAll(",", ""));
  return { deleted: num(match?.[1]), total: num(match?.[2]), text };
}

test.describe("purge history", () => {
  test("preview → typed confirmation over 1,000 events → progress mid-run that survives a reload → completion → the range is gone from the timeline → the audit log", async ({ page }) => {
    const name = `Purge Big Room ${Date.now()}`;
    const { roomId, cutoffEventId, idOf } = await seedRoom(name);
    expect(cutoffEventId).not.toBe("");

    // From the room page's admin action, then with the event prefilled as the timeline links it.
    await page.goto(`/rooms/${encodeURIComponent(roomId)}`);
    await page.getByRole("link", { name: "Purge history" }).click();
    await expect(page.getByRole("heading", { name: "Purge history" })).toBeVisible();
    await page.goto(`/rooms/${encodeURIComponent(roomId)}/purge?event=${encodeURIComponent(cutoffEventId)}`);
    await expect(page.getByLabel("Event ID")).toHaveValue(cutoffEventId);

    // Without local events: only the remote half goes, and the local half is listed as kept, with why.
    const preview = page.getByTestId("purge-preview");
    await expect(page.getByTestId("purge-total")).toContainText("Would delete 700 events (0 local, 700 from other servers)");
    await expect(preview).toContainText("700 events sent by this server's users: kept, because \"also delete local events\" is off.");
    await expect(preview.getByRole("cell", { name: "m.room.message" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Purge 700 events" })).toBeEnabled();
    await expect(page.getByLabel(/Type .* to confirm/)).toHaveCount(0);

    // With local events the preview refreshes: 1,400 events, so the room's name must be typed.
    await page.getByLabel(/Also delete events sent by this server's users/).check();
    await expect(page.getByTestId("purge-total")).toContainText("Would delete 1,400 events (700 local, 700 from other servers)");
    const submit = page.getByRole("button", { name: "Purge 1,400 events" });
    await expect(submit).toBeDisabled();
    await page.getByLabel(/Type .* to confirm/).fill("not the name");
    await expect(submit).toBeDisabled();
    await page.getByLabel(/Type .* to confirm/).fill(name);
    await expect(submit).toBeEnabled();

    // Message 1,000's row is held: the first batches (at most 200 rows, then at most twice the last)
    // commit, and the batch that reaches it waits. So the user sees the purge stopped part-way.
    const hold = await holdRow("events", idOf(1000));
    const progress = page.getByTestId("purge-progress");
    let midway = 0;
    try {
      await submit.click();
      await expect(progress.getByRole("heading", { name: "Purge in progress" })).toBeVisible();
      await expect.poll(async () => (await progressNumbers(page)).deleted).toBeGreaterThan(0);
      const seen = await progressNumbers(page);
      expect(seen.total).toBe(1400);
      expect(seen.deleted).toBeLessThan(1000);
      expect(seen.text).toContain("(deleting events in batches)");
      await expect(progress).toContainText(`Deleted ${seen.deleted.toLocaleString("en")} of 1,400 events (deleting events in batches).`);
      midway = seen.deleted;
      // A reload finds the same task at the same place: progress lives in the task, not the page.
      await page.reload();
      await expect(progress.getByRole("heading", { name: "Purge in progress" })).toBeVisible();
      await expect(progress).toContainText(`Deleted ${midway.toLocaleString("en")} of 1,400 events`);
      await expect(progress.getByRole("progressbar", { name: "Purge progress" })).toHaveAttribute("aria-valuenow", String(midway));
      // The tasks list shows it running too.
      const tasks = await page.context().newPage();
      await tasks.goto(`/tasks?room=${encodeURIComponent(roomId)}&action=purge_history`);
      await expect(tasks.getByTestId("task-row").getByTestId("task-status")).toHaveText("active");
      // And the audit log has the request, not yet finished.
      await tasks.goto(`/audit?room=${encodeURIComponent(roomId)}&action=purge_history`);
      await expect(tasks.getByTestId("audit-row").getByText("requested", { exact: true })).toBeVisible();
      await tasks.close();
    } finally {
      await hold.release();
    }

    // Released: the purge carries on to the end, on the page the user already has open.
    await expect(progress.getByRole("heading", { name: "Purge complete" })).toBeVisible();
    await expect(progress).toContainText("Deleted 1,400 events.");
    await expect(alertIn(page)).toHaveCount(0);

    // The timeline, paged back to its first event, starts at the cutoff: the purged range is gone.
    await page.goto(`/rooms/${encodeURIComponent(roomId)}`);
    const timeline = page.getByTestId("timeline");
    await expect(timeline.getByText(`Purge message ${MESSAGES}.`, { exact: true })).toBeVisible();
    await pageBackToBeginning(page);
    await expect(timeline.getByText(`Purge message ${CUTOFF}.`, { exact: true })).toBeVisible();
    await expect(timeline.getByText(`Purge message ${CUTOFF - 1}.`, { exact: true })).toHaveCount(0);
    await expect(timeline.getByText("Purge message 1000.", { exact: true })).toHaveCount(0);
    await expect(timeline.getByText("Purge message 1.", { exact: true })).toHaveCount(0);
    await expect(timeline.locator("li[data-event-type='m.room.message']")).toHaveCount(MESSAGES - CUTOFF + 1);

    // The audit log, as the admin reads it: the request, by whom, its parameters, ok, and its task.
    await page.goto("/audit");
    await page.getByLabel("Room ID").fill(roomId);
    await page.getByLabel("Action").fill("purge_history");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const entry = page.getByTestId("audit-row");
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(readUsers().admin.userId);
    await expect(entry.getByTestId("audit-params")).toContainText('"delete_local_events":true');
    await expect(entry.getByTestId("audit-params")).toContainText(cutoffEventId);
    await expect(entry.getByText("ok", { exact: true })).toBeVisible();
    await entry.getByRole("link", { name: "task", exact: true }).click();
    await expect(page.getByTestId("task-detail").getByTestId("task-status")).toHaveText("complete");

    // The rooms list still counts the purged room's 1,507 events (a stored counter); remove the room
    // so the rooms list spec's "biggest first" stays the demo's Town Square.
    await withCore((ctx) => purgeRoom(ctx, { roomId, force: true }));
  });

  test("a cutoff by date and time previews the events received before it", async ({ page }) => {
    const { roomId } = await seedRoom(`Purge Date Room ${Date.now()}`, 100);
    await page.goto(`/rooms/${encodeURIComponent(roomId)}/purge`);
    await page.getByLabel("Up to a date and time").check();
    // A minute from now (local time): everything but the newest event is before it.
    const soon = new Date(Date.now() + 60_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel("Date and time (your local time)").fill(soon);
    await expect(page.getByTestId("purge-total")).toContainText("Would delete 49 events");
    await expect(page.getByTestId("purge-preview")).toContainText("The room's newest event is never purged");
  });
});

test.describe("purge history as a moderator", () => {
  test.use({ storageState: storageStateOf("moderator") });

  test("no purge link, the page sends them back, and the action and preview refuse them", async ({ page, browser }) => {
    const { roomId, cutoffEventId } = await seedRoom(`Purge Guarded Room ${Date.now()}`, 100, 51);
    const base = `/rooms/${encodeURIComponent(roomId)}`;
    await page.goto(base);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Purge history" })).toHaveCount(0);
    await page.goto(`${base}/purge?event=${encodeURIComponent(cutoffEventId)}`);
    await expect(page).toHaveURL(/\/rooms\?denied=1$/);

    const preview = await page.request.get(`${base}/purge/preview?event_id=${encodeURIComponent(cutoffEventId)}`);
    expect(preview.status()).toBe(403);
    expect((await preview.json()).errcode).toBe("M_FORBIDDEN");
    expect((await page.request.get(`${base}/purge/status`)).status()).toBe(403);

    // The admin's browser posts the action (aborted in flight); the moderator replays it.
    const adminContext = await browser.newContext({ storageState: storageStateOf("admin") });
    const adminPage = await adminContext.newPage();
    await adminPage.goto(`${base}/purge?event=${encodeURIComponent(cutoffEventId)}`);
    const submit = adminPage.getByRole("button", { name: "Purge 25 events" });
    await expect(submit).toBeEnabled();
    const action = await captureAction(adminPage, "deleteLocalEvents", () => submit.click());
    await adminContext.close();
    const text = await callAction(page.request, action, { roomId, eventId: cutoffEventId, deleteLocalEvents: true });
    expect(text).toContain('"ok":false');
    expect(text).toContain('"code":"M_FORBIDDEN"');
    const tasks = await withCore((ctx) => getTasks(ctx, { actions: ["purge_history"], resourceId: roomId }));
    expect(tasks).toEqual([]);
  });
});
