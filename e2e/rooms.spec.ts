import { expect, test } from "@playwright/test";
import { getRoom } from "../server/rooms";
import { resolveAlias } from "../server/rooms";
import { readUsers, storageStateOf, withCore } from "./fixtures/core";
import { pageBackToBeginning } from "./fixtures/timeline";

test.use({ storageState: storageStateOf("moderator") });

test.describe("rooms list", () => {
  test("shows the seeded rooms with their event and member counts", async ({ page }) => {
    const fixture = readUsers().fixtureRoom;
    const townSquare = await withCore(async (ctx) => getRoom(ctx, (await resolveAlias(ctx, `#town-square:${ctx.config.server_name}`)).roomId));
    await page.goto("/rooms");
    const fixtureRow = page.getByTestId("room-row").filter({ hasText: fixture.name });
    await expect(fixtureRow.getByTestId("room-events")).toHaveText(String(fixture.events));
    await expect(fixtureRow.getByTestId("room-members")).toContainText(String(fixture.joined));
    const townRow = page.getByTestId("room-row").filter({ hasText: "#town-square:e2e.test" });
    await expect(townRow.getByTestId("room-events")).toHaveText((townSquare?.eventCount ?? -1).toLocaleString("en"));
    // Biggest first by default.
    await expect(page.getByTestId("room-row").first()).toContainText("Town Square");
  });

  test("search filters by name, alias and room id, and is kept in the URL", async ({ page }) => {
    const fixture = readUsers().fixtureRoom;
    await page.goto("/rooms");
    await page.getByLabel("Search rooms").fill("fixture");
    await expect(page).toHaveURL(/\?q=fixture$/);
    await expect(page.getByTestId("room-row")).toHaveCount(1);
    await expect(page.getByTestId("room-row")).toContainText(fixture.name);
    await page.reload();
    await expect(page.getByLabel("Search rooms")).toHaveValue("fixture");
    await expect(page.getByTestId("room-row")).toHaveCount(1);
    await page.getByLabel("Search rooms").fill("ephemeral");
    await expect(page.getByTestId("room-row")).toHaveCount(1);
    await expect(page.getByTestId("room-row")).toContainText("#ephemeral:e2e.test");
    await page.getByLabel("Search rooms").fill(fixture.roomId.slice(1, 10));
    await expect(page.getByTestId("room-row")).toHaveCount(1);
    await page.getByLabel("Search rooms").fill("no room is called this");
    await expect(page.getByText("No rooms match.")).toBeVisible();
  });

  test("sorting and paging live in the URL", async ({ page }) => {
    await page.goto("/rooms");
    await page.getByRole("button", { name: "Room" }).click();
    await expect(page).toHaveURL(/order=name/);
    await expect(page.getByTestId("room-row").first()).toContainText("Announcements");
    await page.getByRole("button", { name: /^Room/ }).click();
    await expect(page).toHaveURL(/order=name&dir=b/);
    await expect(page.getByTestId("room-row").first()).toContainText("Town Square");
    await page.goto("/rooms?page=2");
    await expect(page.getByText("Page 2 of 1")).toBeVisible();
    await expect(page.getByText("No rooms match.")).toBeVisible();
  });
});

test.describe("room page", () => {
  test("opens from the list with its summary and pages the whole timeline", async ({ page }) => {
    const fixture = readUsers().fixtureRoom;
    await page.goto("/rooms?q=fixture");
    await page.getByRole("link", { name: fixture.name }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(fixture.name);
    await expect(page.getByText("Seeded by the Playwright setup")).toBeVisible();
    const timeline = page.getByTestId("timeline");
    await expect(timeline.locator("li").first()).toContainText(`Fixture message number ${fixture.messages}`);
    await expect(timeline.locator("li")).toHaveCount(50);
    // Older pages load until the beginning of the room (the shared helper waits for each page,
    // never on an element that may vanish as the last page arrives).
    await pageBackToBeginning(page);
    await expect(timeline.locator("li")).toHaveCount(fixture.events);
    await expect(timeline.locator("li").last()).toContainText("created the room");
    await page.getByRole("link", { name: "State" }).click();
    await expect(page).toHaveURL(/\?tab=state$/);
    await expect(page.getByRole("cell", { name: "m.room.create" })).toBeVisible();
  });

  test("an unknown room is a 404 page, and its timeline a Matrix 404", async ({ page }) => {
    const response = await page.goto(`/rooms/${encodeURIComponent("!missing:e2e.test")}`);
    expect(response?.status()).toBe(404);
    const api = await page.request.get(`/rooms/${encodeURIComponent("!missing:e2e.test")}/timeline`);
    expect(api.status()).toBe(404);
    expect(await api.json()).toMatchObject({ errcode: "M_NOT_FOUND" });
    const bad = await page.request.get(`/rooms/${encodeURIComponent(readUsers().fixtureRoom.roomId)}/timeline?limit=0`);
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ errcode: "M_INVALID_PARAM" });
  });
});
