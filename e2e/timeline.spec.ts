import { expect, test, type Page } from "@playwright/test";
import { persistEvents } from "../server/events";
import { createRoom, redactEvent } from "../server/rooms";
import { storageStateOf, withCore } from "./fixtures/core";

// The console timeline on a room made here through the core: messages one per day through
// March 2021 from a local and a remote sender, an edit, a thread, reactions, a redaction and
// membership changes. Driven like a user: click, type, keys.

const DAY = 86_400_000;
const START = Date.UTC(2021, 2, 1, 12);
const BOB = "@bob:remote.example";
let roomId = "";
let alice = "";
const ids: Record<string, string> = {};

test.beforeAll(async () => {
  await withCore(async (ctx) => {
    alice = `@tl-alice:${ctx.config.server_name}`;
    roomId = (await createRoom(ctx, { creator: alice, name: "Timeline Spec Room", preset: "public_chat" })).roomId;
    const days = Array.from({ length: 30 }, (_, i) => ({
      type: "m.room.message",
      sender: i % 3 === 2 ? BOB : alice,
      content: { msgtype: "m.text", body: `March day ${i + 1} message` },
      originServerTs: START + i * DAY,
    }));
    const stored = await persistEvents(ctx, roomId, [
      { type: "m.room.member", stateKey: BOB, sender: BOB, content: { membership: "join", displayname: "Bob" }, originServerTs: START - DAY },
      ...days,
    ]);
    stored.forEach((e, i) => (ids[`day${i}`] = e.eventId));
    const root = ids.day15 ?? "";
    const extra = await persistEvents(ctx, roomId, [
      { type: "m.room.message", sender: alice, content: { msgtype: "m.notice", body: "a notice from the bot" } },
      { type: "m.room.message", sender: alice, content: { msgtype: "m.emote", body: "waves" } },
      { type: "m.room.message", sender: BOB, content: { msgtype: "m.image", body: "holiday.png", filename: "holiday.png", url: "mxc://remote.example/abc", info: { size: 2048 } } },
      { type: "m.room.message", sender: alice, content: { msgtype: "m.text", body: "original text" } },
      { type: "m.room.message", sender: BOB, content: { msgtype: "m.text", body: "to be deleted" } },
    ]);
    const [, , , original, doomed] = extra;
    ids.original = original?.eventId ?? "";
    await persistEvents(ctx, roomId, [
      { type: "m.room.message", sender: alice, content: { msgtype: "m.text", body: "* fixed text", "m.new_content": { msgtype: "m.text", body: "fixed text" }, "m.relates_to": { rel_type: "m.replace", event_id: ids.original } } },
      { type: "m.room.message", sender: BOB, content: { msgtype: "m.text", body: "thread reply one", "m.relates_to": { rel_type: "m.thread", event_id: root } } },
      { type: "m.room.message", sender: alice, content: { msgtype: "m.text", body: "thread reply two", "m.relates_to": { rel_type: "m.thread", event_id: root } } },
      { type: "m.reaction", sender: BOB, content: { "m.relates_to": { rel_type: "m.annotation", event_id: root, key: "👍" } } },
      { type: "m.reaction", sender: alice, content: { "m.relates_to": { rel_type: "m.annotation", event_id: root, key: "👍" } } },
      { type: "m.room.member", stateKey: BOB, sender: alice, content: { membership: "ban", reason: "spam" } },
    ]);
    await redactEvent(ctx, { roomId, sender: alice, eventId: doomed?.eventId ?? "" });
  });
});

const roomUrl = (query = "") => `/rooms/${encodeURIComponent(roomId)}${query}`;
const rows = (page: Page) => page.getByTestId("timeline").locator(":scope > li");
const row = (page: Page, text: string | RegExp) => rows(page).filter({ hasText: text });
const byId = (page: Page, eventId: string | undefined) => page.locator(`li[data-event-id="${eventId ?? ""}"]`);

/** Scrolls to a sentinel until it says the end is reached (the sentinels load on sight, or on click). */
async function loadUntil(page: Page, end: string, more: RegExp) {
  for (let i = 0; i < 10 && !(await page.getByText(end).isVisible()); i += 1) {
    const button = page.getByRole("button", { name: more });
    // Bounded: the button goes away when the last page arrives, and an unbounded click would wait for it forever.
    if (await button.isVisible()) await button.click({ timeout: 5_000 }).catch(() => {});
    await page.waitForTimeout(300);
  }
  await expect(page.getByText(end)).toBeVisible();
}

async function setBlur(page: Page, on: boolean) {
  const box = page.getByLabel("Blur message content");
  if ((await box.isChecked()) === on) return;
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), on ? box.check() : box.uncheck()]);
}

test.describe("timeline as a moderator", () => {
  test.use({ storageState: storageStateOf("moderator") });

  test("shows every kind of event in words, and no purge link", async ({ page }) => {
    await page.goto(roomUrl());
    await expect(byId(page, ids.original)).toContainText("fixed text");
    await expect(byId(page, ids.original)).toContainText("(edited)");
    await expect(rows(page).filter({ hasText: "original text" })).toHaveCount(0);
    await expect(row(page, "banned @bob:remote.example (spam)")).toBeVisible();
    await expect(row(page, "[notice] a notice from the bot")).toBeVisible();
    await expect(row(page, "* waves")).toBeVisible();
    await expect(row(page, "image: holiday.png (2.0 kB)")).toBeVisible();
    await expect(row(page, "Deleted (m.room.message)")).toContainText("redacted");
    await expect(row(page, "reacted 👍")).toHaveCount(2);
    await expect(page.getByRole("link", { name: "Purge up to here" })).toHaveCount(0);
    // The thread root and its reactions are further back: jump there by its permalink.
    await page.goto(roomUrl(`?event=${encodeURIComponent(ids.day15 ?? "")}`));
    const root = page.locator("li[aria-current=true]");
    await expect(root).toContainText("March day 15 message");
    await expect(root.getByTestId("thread-summary")).toHaveText(`Thread: 2 replies, latest by ${alice}`);
    await expect(root.getByTestId("reactions")).toHaveText("👍 2");
  });

  test("a permalink opens the event in context, highlighted, scrollable both ways", async ({ page }) => {
    await page.goto(roomUrl());
    await byId(page, ids.original).getByRole("link").first().click();
    await expect(page).toHaveURL(/\?event=%24/);
    const anchor = page.locator("li[aria-current=true]");
    await expect(anchor).toContainText("fixed text");
    await expect(anchor).toBeFocused();
    await page.goto(roomUrl(`?event=${encodeURIComponent(ids.day10 ?? "")}`));
    await expect(page.locator("li[aria-current=true]")).toContainText("March day 10 message");
    // Newer events above, older below, each side loads on.
    await expect(row(page, "March day 11 message")).toBeVisible();
    await expect(row(page, "March day 9 message")).toBeVisible();
    await loadUntil(page, "Newest events.", /Load newer events/);
    await expect(byId(page, ids.original)).toHaveCount(1);
    await loadUntil(page, "Beginning of the room.", /Load older events/);
    await expect(rows(page).last()).toContainText("created the room");
  });

  test("jumps to a date and shows the events from then", async ({ page }) => {
    await page.goto(roomUrl());
    await page.getByLabel("Jump to date (UTC)").fill("2021-03-20T00:00");
    await page.getByRole("button", { name: "Go", exact: true }).click();
    await expect(page).toHaveURL(/at=2021-03-20T00%3A00/);
    const anchor = page.locator("li[aria-current=true]");
    await expect(anchor).toContainText("March day 20 message");
    await expect(anchor.locator("time")).toHaveText("2021-03-20 12:00");
    await expect(row(page, "March day 19 message")).toBeVisible();
    await page.reload();
    await expect(page.locator("li[aria-current=true]")).toContainText("March day 20 message");
    await page.getByRole("button", { name: "Newest", exact: true }).click();
    await expect(page.locator("li[aria-current=true]")).toHaveCount(0);
    await expect(rows(page).first()).toHaveAttribute("data-event-type", "m.room.redaction");
  });

  test("filters by type and by sender, kept in the URL", async ({ page }) => {
    await page.goto(roomUrl());
    await page.getByLabel("Event types", { exact: true }).fill("m.room.member");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/types=m.room.member/);
    await expect(row(page, "banned @bob:remote.example")).toBeVisible();
    const types = await rows(page).evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute("data-event-type")))]);
    expect(types).toEqual(["m.room.member"]);
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.getByLabel("Senders").fill(BOB);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/senders=%40bob/);
    await page.reload();
    await expect(page.getByLabel("Senders")).toHaveValue(BOB);
    await expect(row(page, "March day 3 message")).toBeVisible();
    await loadUntil(page, "Beginning of the room.", /Load older events/);
    const senders = await rows(page).evaluateAll((els) => [...new Set(els.map((el) => el.querySelector("span[title]")?.getAttribute("title")))]);
    expect(senders).toEqual([BOB]);
    await expect(row(page, "March day 1 message")).toHaveCount(0);
  });

  test("raw JSON on demand, and j/k/o/g/? on the keyboard", async ({ page }) => {
    await page.goto(roomUrl());
    const first = rows(page).first();
    await first.getByRole("button", { name: "Raw JSON" }).click();
    await expect(first.getByTestId("raw-json")).toContainText('"event_id": "$');
    await first.getByRole("button", { name: "Raw JSON" }).click();
    await expect(page.getByTestId("raw-json")).toHaveCount(0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("j");
    await expect(rows(page).nth(0)).toBeFocused();
    await page.keyboard.press("j");
    await expect(rows(page).nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(rows(page).nth(0)).toBeFocused();
    await page.keyboard.press("o");
    await expect(rows(page).nth(0).getByTestId("raw-json")).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("raw-json")).toHaveCount(0);
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(help).toBeVisible();
    await expect(help).toContainText("Jump to a date");
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
    await page.keyboard.press("g");
    await expect(page.getByLabel("Jump to date (UTC)")).toBeFocused();
    // Typing in a field is not a shortcut.
    await page.getByLabel("Senders").fill("jjk");
    await expect(page.getByLabel("Senders")).toHaveValue("jjk");
    await expect(page.getByLabel("Senders")).toBeFocused();
  });

  test("blurs content until revealed; the setting persists across reloads", async ({ page }) => {
    await page.goto(roomUrl());
    await setBlur(page, true);
    const message = byId(page, ids.original);
    await expect(message.getByTestId("event-text")).toHaveAttribute("data-blurred", "true");
    await message.getByRole("button", { name: "Reveal" }).click();
    await expect(message.getByTestId("event-text")).not.toHaveAttribute("data-blurred", "true");
    await expect(row(page, "* waves").getByTestId("event-text")).toHaveAttribute("data-blurred", "true");
    await setBlur(page, false);
    await page.reload();
    await expect(page.getByLabel("Blur message content")).not.toBeChecked();
    await expect(row(page, "* waves").getByTestId("event-text")).not.toHaveAttribute("data-blurred", "true");
    await setBlur(page, true);
    await page.reload();
    await expect(page.getByLabel("Blur message content")).toBeChecked();
    await expect(row(page, "* waves").getByTestId("event-text")).toHaveAttribute("data-blurred", "true");
  });

  test("members tab: membership, local/remote, display name, filter", async ({ page }) => {
    await page.goto(roomUrl());
    await page.getByRole("link", { name: "Members" }).click();
    await expect(page).toHaveURL(/tab=members/);
    const bob = page.getByTestId("member-row").filter({ hasText: BOB });
    await expect(bob).toContainText("Banned");
    await expect(bob).toContainText("remote");
    await expect(page.getByTestId("member-row").filter({ hasText: alice })).toContainText("local");
    await page.getByRole("link", { name: /^Banned/ }).click();
    await expect(page).toHaveURL(/membership=ban/);
    await expect(page.getByTestId("member-row")).toHaveCount(1);
    await page.getByRole("link", { name: /^Joined/ }).click();
    await expect(page.getByTestId("member-row")).toHaveCount(1);
    await expect(page.getByTestId("member-row")).toContainText(alice);
  });

  test("fits a phone screen", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(roomUrl());
    const message = byId(page, ids.original);
    await expect(message).toBeVisible();
    const overflow = await page.getByTestId("timeline").evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const raw = message.getByRole("button", { name: "Raw JSON" });
    await raw.scrollIntoViewIfNeeded();
    const box = await raw.boundingBox();
    expect((box?.x ?? 999) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
  });
});

test.describe("timeline as an admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("offers purge up to here on every event, linking to the purge page", async ({ page }) => {
    await page.goto(roomUrl());
    const target = row(page, "* waves");
    const link = target.getByRole("link", { name: "Purge up to here" });
    await expect(link).toBeVisible();
    const eventId = await target.getAttribute("data-event-id");
    expect(await link.getAttribute("href")).toBe(`/rooms/${encodeURIComponent(roomId)}/purge?event=${encodeURIComponent(eventId ?? "")}`);
    expect(await page.getByRole("link", { name: "Purge up to here" }).count()).toBe(await rows(page).count());
  });
});
