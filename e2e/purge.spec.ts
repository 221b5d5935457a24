import { expect, test, type Page } from "@playwright/test";
import { createRoom } from "../server/rooms";
import { persistEvents } from "../server/events";
import { listAudit } from "../server/audit";
import { getTasks } from "../server/tasks";
import { purgeRoom } from "../server/purge";
import { callAction, captureAction } from "./fixtures/actions";
import { alertIn, readUsers, storageStateOf, withCore } from "./fixtures/core";

test.use({ storageState: storageStateOf("admin") });

const MESSAGES = 1500;
const CUTOFF = 1401;

/**
 * A room with `messages` messages, odd ones from a local user and even ones from another server; the
 * cutoff is message `cutoff`. Only the main test's room is big (and it is purged): other specs expect
 * the demo's Town Square to stay the biggest room.
 */
async function seedRoom(name: string, messages = MESSAGES, cutoff = CUTOFF): Promise<{ roomId: string; cutoffEventId: string }> {
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
    const boundary = stored.find((e) => (e.content as { body?: string }).body === `Purge message ${cutoff}.`);
    return { roomId, cutoffEventId: boundary?.eventId ?? "" };
  });
}

/** Scrolls the timeline back until `text` is loaded (or gives up after a few pages). */
async function scrollTimelineTo(page: Page, text: string) {
  const timeline = page.getByTestId("timeline");
  for (let i = 0; i < 10 && !(await timeline.getByText(text, { exact: true }).isVisible()); i += 1) {
    await timeline.locator("li").last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
  }
}

test.describe("purge history", () => {
  test("preview → typed confirmation over 1,000 events → progress that survives a reload → the range is gone from the timeline", async ({ page }) => {
    const name = `Purge Big Room ${Date.now()}`;
    const { roomId, cutoffEventId } = await seedRoom(name);
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
    await submit.click();

    // Progress (or its end, if the purge was quicker than the poll), then the same after a reload.
    const progress = page.getByTestId("purge-progress");
    await expect(progress).toBeVisible();
    await page.reload();
    await expect(progress).toBeVisible();
    await expect(progress.getByRole("heading", { name: "Purge complete" })).toBeVisible();
    await expect(progress).toContainText("Deleted 1,400 events.");
    await expect(alertIn(page)).toHaveCount(0);

    // The audit log has the request, with the task id (recorded by the core).
    const audit = await withCore(async (ctx) => (await listAudit(ctx, { roomId, action: "purge_history" })).entries);
    expect(audit.map((a) => ({ actor: a.actor, status: a.status, hasTask: a.taskId !== null }))).toEqual([{ actor: readUsers().admin.userId, status: "ok", hasTask: true }]);

    // The timeline starts at the cutoff: the newest messages remain, the purged ones are gone.
    await page.goto(`/rooms/${encodeURIComponent(roomId)}`);
    const timeline = page.getByTestId("timeline");
    await expect(timeline.getByText(`Purge message ${MESSAGES}.`, { exact: true })).toBeVisible();
    await scrollTimelineTo(page, `Purge message ${CUTOFF}.`);
    await expect(timeline.getByText(`Purge message ${CUTOFF}.`, { exact: true })).toBeVisible();
    await scrollTimelineTo(page, "never there");
    await expect(timeline.getByText(`Purge message ${CUTOFF - 1}.`, { exact: true })).toHaveCount(0);
    await expect(timeline.getByText("Purge message 1.", { exact: true })).toHaveCount(0);

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
