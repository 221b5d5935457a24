import { expect, test } from "@playwright/test";
import { and, eq, sql } from "drizzle-orm";
import * as t from "../server/db/schema";
import { createUser } from "../server/auth";
import { persistEvents } from "../server/events";
import { createAlias, createRoom, getCurrentState, getRoom } from "../server/rooms";
import { requestRoomDeletion } from "../server/shutdown";
import { getTask, getTasks } from "../server/tasks";
import type { Ctx } from "../server/context";
import { callAction, captureAction } from "./fixtures/actions";
import { holdRow } from "./fixtures/hold-row";
import { readUsers, storageStateOf, withCore } from "./fixtures/core";

test.use({ storageState: storageStateOf("admin") });

/**
 * A room with local members (joined and invited, plus `crowd` more joined ones), a remote member, a
 * few messages and a local alias. `memberEventOf(user)` is the id of the user's membership event.
 */
async function seedRoom(ctx: Ctx, name: string, tag: string, crowd = 0): Promise<{ roomId: string; owner: string; joined: string; invited: string; alias: string; extra: string[]; memberEventOf: (userId: string) => string }> {
  const server = ctx.config.server_name;
  const owner = `@${tag}-owner:${server}`;
  const joined = `@${tag}-member:${server}`;
  const invited = `@${tag}-invitee:${server}`;
  const extra = Array.from({ length: crowd }, (_, i) => `@${tag}-crowd${String(i + 1).padStart(3, "0")}:${server}`);
  for (const userId of [owner, joined, invited]) await createUser(ctx, { userId });
  const { roomId } = await createRoom(ctx, { creator: owner, name, preset: "public_chat" });
  const remote = `@${tag}:remote.example`;
  const stored = await persistEvents(ctx, roomId, [
    { type: "m.room.member", stateKey: joined, sender: joined, content: { membership: "join" } },
    { type: "m.room.member", stateKey: invited, sender: owner, content: { membership: "invite" } },
    { type: "m.room.member", stateKey: remote, sender: remote, content: { membership: "join" } },
    ...extra.map((user) => ({ type: "m.room.member", stateKey: user, sender: user, content: { membership: "join" } })),
    ...Array.from({ length: 20 }, (_, i) => ({ type: "m.room.message", sender: i % 2 ? joined : remote, content: { msgtype: "m.text", body: `${name} message ${i + 1}` } })),
  ]);
  const alias = `#${tag}:${server}`;
  await createAlias(ctx, { alias, roomId, creator: owner });
  const memberEventOf = (userId: string) => stored.find((e) => e.type === "m.room.member" && e.stateKey === userId)?.eventId ?? "";
  return { roomId, owner, joined, invited, alias, extra, memberEventOf };
}

test.describe("delete room", () => {
  test("take down a room with a notice room: preview → typed confirmation → live progress → result; the room is blocked, its members are in the notice room, and the audit log has it", async ({ page }) => {
    const stamp = Date.now().toString(36);
    const name = `Takedown ${stamp}`;
    // 83 local members: the first batch of removals is at most 50 users, so it cannot reach the 60th crowd member.
    const room = await withCore((ctx) => seedRoom(ctx, name, `td${stamp}`, 80));
    const locals = [room.owner, room.joined, room.invited, ...room.extra];
    const held = room.extra[59] ?? "";
    const admin = readUsers().admin.userId;

    await page.goto(`/rooms/${encodeURIComponent(room.roomId)}`);
    await page.getByRole("link", { name: "Delete room" }).click();
    await expect(page.getByRole("heading", { name: "Delete room", level: 1 })).toBeVisible();

    await page.getByLabel(/Take down an abusive room/).check();
    await expect(page.getByLabel(/Block the room/)).toBeChecked();
    await expect(page.getByLabel(/Delete the room's data/)).toBeChecked();
    await expect(page.getByLabel(/Delete even if local users could not be removed/)).toBeChecked();
    await expect(page.getByLabel(/Notice room creator/)).toHaveValue(admin);
    // Keep the history, so the blocked room stays listed for the checks below.
    await page.getByLabel(/Delete the room's data/).uncheck();
    await page.getByLabel(/Message in the notice room/).fill(`This room broke the rules (${stamp}).`);

    const preview = page.getByTestId("delete-preview");
    await expect(preview.getByTestId("preview-members")).toContainText("82 joined, 1 invited, 0 knocking");
    await expect(preview).toContainText("Moved to the notice room: 82 joined members.");
    await expect(preview).toContainText(`${room.alias} — moved to the notice room.`);
    await expect(preview.getByTestId("preview-purge")).toHaveText("Nothing is deleted from the database: the room's history stays.");
    await expect(preview.getByTestId("preview-blocked")).toHaveText("The room will be blocked: nobody on this server can join it again.");

    const submit = page.getByRole("button", { name: "Delete room" });
    await expect(submit).toBeDisabled();
    await page.getByLabel(/Type .* to confirm/).fill(name);
    await expect(submit).toBeEnabled();

    // Live progress: the held member's batch waits, so the user sees the removal part-way.
    const progress = page.getByTestId("delete-progress");
    const kicked = progress.getByTestId("kicked-users").locator("li");
    const hold = await holdRow("room_memberships", room.memberEventOf(held));
    try {
      await submit.click();
      await expect(progress.getByRole("heading", { name: "Deleting the room" })).toBeVisible();
      await expect(progress).toContainText("Step: removing local members");
      await expect.poll(() => kicked.count()).toBeGreaterThan(0);
      const midway = await kicked.count();
      expect(midway).toBeLessThanOrEqual(locals.indexOf(held));
      await expect(progress.getByRole("progressbar", { name: "Members removed" })).toHaveAttribute("aria-valuetext", `${midway} of ${locals.length} local members removed.`);
      await expect(progress.getByTestId("kicked-users")).toContainText(room.owner);
      await expect(progress.getByTestId("kicked-users")).not.toContainText(held);
      await expect(progress.getByTestId("delete-blocked")).toContainText("Yes");
      await expect(progress.getByTestId("delete-new-room").getByRole("link")).toBeVisible();
      // A reload shows the same place: the progress is the task's.
      await page.reload();
      await expect(progress.getByRole("heading", { name: "Deleting the room" })).toBeVisible();
      await expect(kicked).toHaveCount(midway);
    } finally {
      await hold.release();
    }

    // Released: the rest are removed as the user watches, then the result.
    await expect(progress.getByRole("heading", { name: "Room deleted" })).toBeVisible();
    await expect(kicked).toHaveCount(locals.length);
    for (const user of [room.owner, room.joined, room.invited, held]) await expect(progress.getByTestId("kicked-users")).toContainText(user);
    await expect(progress.getByTestId("failed-users").locator("li")).toHaveCount(0);
    await expect(progress.getByTestId("delete-aliases")).toHaveText(room.alias);
    await expect(progress.getByTestId("delete-blocked")).toContainText("Yes");
    await expect(progress.getByRole("status")).toHaveText(`Finished. ${locals.length} members removed.`);

    // The notice room exists, made by the admin, with the joined members moved into it.
    const noticeLink = progress.getByTestId("delete-new-room").getByRole("link");
    const noticeRoomId = (await noticeLink.textContent()) ?? "";
    const joinedThere = await withCore(async (ctx) =>
      (await getCurrentState(ctx, noticeRoomId)).filter((e) => e.type === "m.room.member" && e.content.membership === "join").map((e) => e.stateKey).sort(),
    );
    expect(joinedThere).toEqual([admin, ...locals.filter((u) => u !== room.invited)].sort());
    await noticeLink.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Content Violation Notification");
    const notices = await withCore(async (ctx) =>
      (await ctx.db.select({ content: t.events.content }).from(t.events).where(and(eq(t.events.roomId, noticeRoomId), eq(t.events.type, "m.room.message")))).map((e) => (e.content as { body?: string }).body),
    );
    expect(notices).toEqual([`This room broke the rules (${stamp}).`]);

    // The room is blocked: in the rooms list's Blocked filter and on its page.
    await page.goto("/rooms");
    await page.getByLabel("Show").selectOption("blocked");
    await expect(page).toHaveURL(/filter=blocked/);
    await expect(page.getByTestId("room-row").filter({ hasText: name })).toContainText("blocked");
    await page.getByRole("link", { name }).click();
    await expect(page.getByTestId("room-blocked")).toHaveText("blocked");

    // The audit log, as the admin reads it: the request by the admin with its options, finished ok.
    await page.goto("/audit");
    await page.getByLabel("Room ID").fill(room.roomId);
    await page.getByRole("button", { name: "Apply filters" }).click();
    const entry = page.getByTestId("audit-row").filter({ hasText: "room.delete.request" });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(admin);
    await expect(entry.getByTestId("audit-params")).toContainText('"block":true');
    await expect(entry.getByTestId("audit-params")).toContainText(`This room broke the rules (${stamp}).`);
    await expect(entry.getByText("ok", { exact: true })).toBeVisible();
    await expect(entry).toContainText(room.alias);
  });

  test("bulk delete of three rooms: one is refused (already being deleted), the others finish, each with its own result", async ({ page }) => {
    const stamp = Date.now().toString(36);
    const names = ["A", "B", "C"].map((x) => `Bulk ${stamp} ${x}`);
    const rooms = await withCore((ctx) => Promise.all(names.map((n, i) => seedRoom(ctx, n, `bk${stamp}${i}`))));
    const busy = rooms[2]?.roomId ?? "";

    await withCore(async (ctx) => {
      // Hold room C's row so its own delete (requested here first) stays running during the bulk.
      await ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select room_id from rooms where room_id = ${busy} for no key update`);
        const { delete_id: first } = await requestRoomDeletion(ctx, { roomId: busy, body: { purge: true, force_purge: true } });
        await expect.poll(async () => (await getTask(ctx, first))?.status, { timeout: 60_000 }).toBe("active");

        await page.goto(`/rooms?q=${encodeURIComponent(`Bulk ${stamp}`)}`);
        await expect(page.getByTestId("room-row")).toHaveCount(3);
        await page.getByLabel("Select every room on this page").check();
        await page.getByRole("button", { name: "Delete selected (3)" }).click();
        const dialog = page.getByRole("dialog", { name: "Delete 3 rooms" });
        await expect(dialog.getByLabel(/Clean up a dead room/)).toBeChecked();
        const start = dialog.getByRole("button", { name: "Delete 3 rooms" });
        await expect(start).toBeDisabled();
        await dialog.getByLabel(/Type .* to confirm/).fill("delete 3 rooms");
        await start.click();

        const row = (name: string) => dialog.getByTestId("bulk-room").filter({ hasText: name });
        await expect(row(names[2] ?? "")).toContainText(`Refused: Purge already in progress for ${busy}`);
        await expect(row(names[0] ?? "")).toContainText("Deleted: 3 members removed", { timeout: 60_000 });
        await expect(row(names[1] ?? "")).toContainText("Deleted: 3 members removed", { timeout: 60_000 });
        await expect(row(names[0] ?? "")).toHaveAttribute("data-status", "complete");
        await expect(row(names[2] ?? "")).toHaveAttribute("data-status", "refused");
      });
    });

    // Rooms A and B are gone; C's first delete finishes once its row is free.
    await withCore(async (ctx) => {
      expect(await getRoom(ctx, rooms[0]?.roomId ?? "")).toBeNull();
      expect(await getRoom(ctx, rooms[1]?.roomId ?? "")).toBeNull();
      await expect.poll(async () => getRoom(ctx, busy), { timeout: 60_000 }).toBeNull();
    });
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("room-row")).toHaveCount(0);

    // The audit log has each room's own entry: A's finished ok, C's refusal with its reason.
    const admin = readUsers().admin.userId;
    const entries = page.getByTestId("audit-row");
    await page.goto(`/audit?room=${encodeURIComponent(rooms[0]?.roomId ?? "")}&action=room.delete.request`);
    await expect(entries).toHaveCount(1);
    await expect(entries).toContainText(admin);
    await expect(entries.getByText("ok", { exact: true })).toBeVisible();
    await page.goto(`/audit?room=${encodeURIComponent(busy)}&action=room.delete.request`);
    const refused = entries.filter({ hasText: admin });
    await expect(refused).toHaveCount(1);
    await expect(refused.getByText("failed", { exact: true })).toBeVisible();
    await expect(refused).toContainText(`Purge already in progress for ${busy}`);
  });
});

test.describe("delete room as a moderator", () => {
  test.use({ storageState: storageStateOf("moderator") });

  test("no delete link or checkboxes, the page sends them back, and the delete and bulk actions refuse them", async ({ page, browser }) => {
    const stamp = Date.now().toString(36);
    const name = `Guarded ${stamp}`;
    const room = await withCore((ctx) => seedRoom(ctx, name, `gd${stamp}`));
    const base = `/rooms/${encodeURIComponent(room.roomId)}`;
    await page.goto(base);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
    await expect(page.getByRole("link", { name: "Delete room" })).toHaveCount(0);
    await page.goto(`${base}/delete`);
    await expect(page).toHaveURL(/\/rooms\?denied=1$/);
    await page.goto(`/rooms?q=${encodeURIComponent(name)}`);
    await expect(page.getByTestId("room-row")).toHaveCount(1);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Delete selected/ })).toHaveCount(0);
    for (const path of ["delete/preview", "delete/status"]) {
      const response = await page.request.get(`${base}/${path}`);
      expect(response.status()).toBe(403);
      expect((await response.json()).errcode).toBe("M_FORBIDDEN");
    }

    // Capture both actions from the admin's browser (aborted in flight), then replay them as the moderator.
    const adminContext = await browser.newContext({ storageState: storageStateOf("admin") });
    const adminPage = await adminContext.newPage();
    await adminPage.goto(`${base}/delete`);
    await adminPage.getByLabel(/Type .* to confirm/).fill(name);
    const single = await captureAction(adminPage, "forcePurge", () => adminPage.getByRole("button", { name: "Delete room" }).click());
    await adminPage.goto(`/rooms?q=${encodeURIComponent(name)}`);
    await adminPage.getByLabel(`Select ${name}`).check();
    await adminPage.getByRole("button", { name: "Delete selected (1)" }).click();
    await adminPage.getByRole("dialog").getByLabel(/Type .* to confirm/).fill("delete 1 room");
    const bulk = await captureAction(adminPage, "roomIds", () => adminPage.getByRole("dialog").getByRole("button", { name: "Delete 1 room" }).click());
    await adminContext.close();

    const options = { roomId: room.roomId, newRoomUserId: "", roomName: "x", message: "x", block: true, purge: true, forcePurge: true };
    for (const [action, arg] of [[single, options], [bulk, { roomIds: [room.roomId], preset: "takedown" }]] as const) {
      const text = await callAction(page.request, action, arg);
      expect(text).toContain('"ok":false');
      expect(text).toContain('"code":"M_FORBIDDEN"');
    }
    await withCore(async (ctx) => {
      expect(await getTasks(ctx, { actions: ["shutdown_and_purge_room"], resourceId: room.roomId })).toEqual([]);
      expect(await getRoom(ctx, room.roomId)).not.toBeNull();
    });
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the purge page with its preview, the delete page and the rooms list fit the screen", async ({ page }) => {
    const base = `/rooms/${encodeURIComponent(readUsers().fixtureRoom.roomId)}`;
    const fits = async () => expect.poll(() => page.locator("main").evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.goto(`${base}/purge`);
    await page.getByLabel("Date and time (your local time)").fill("2100-01-01T00:00");
    await expect(page.getByTestId("purge-preview")).toBeVisible();
    await fits();
    await page.goto(`${base}/delete`);
    await expect(page.getByTestId("delete-preview")).toBeVisible();
    await page.getByLabel(/Take down an abusive room/).check();
    await expect(page.getByTestId("preview-blocked")).toContainText("will be blocked");
    await fits();
    await page.goto("/rooms");
    await expect(page.getByTestId("room-row").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete selected (0)" })).toBeVisible();
    await fits();
  });
});
