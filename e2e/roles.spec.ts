import { expect, test, type Browser } from "@playwright/test";
import { eq } from "drizzle-orm";
import * as t from "../server/db/schema";
import { alertIn, readUsers, storageStateOf, withCore } from "./fixtures/core";

/** The id of the admin-only "set console role" server action, as the admin's browser sends it. */
async function captureRoleAction(browser: Browser): Promise<{ id: string; url: string }> {
  const context = await browser.newContext({ storageState: storageStateOf("admin") });
  const page = await context.newPage();
  await page.goto("/users");
  const operator = readUsers().operator.userId;
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
    (async () => {
      await page.getByLabel("Local user").fill(operator);
      await page.getByLabel("Role", { exact: true }).selectOption("operator");
      await page.getByRole("button", { name: "Give console access" }).click();
    })(),
  ]);
  await expect(page.getByRole("status")).toHaveText(`${operator} is now operator.`);
  const id = request.headers()["next-action"] ?? "";
  await context.close();
  return { id, url: request.url() };
}

async function roleOf(userId: string) {
  return withCore(async (ctx) => (await ctx.db.select().from(t.users).where(eq(t.users.userId, userId)))[0]?.consoleRole);
}

test.describe("roles", () => {
  test.use({ storageState: storageStateOf("moderator") });

  test("a moderator is not shown admin-only navigation, and admin pages send them back", async ({ page }) => {
    await page.goto("/rooms");
    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link", { name: "Rooms" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Console users" })).toHaveCount(0);
    await page.goto("/users");
    await expect(page).toHaveURL(/\/rooms\?denied=1$/);
    await expect(alertIn(page)).toHaveText("That page needs another console role.");
  });

  test("an admin-only server action called directly as a moderator is refused", async ({ browser, page }) => {
    const action = await captureRoleAction(browser);
    expect(action.id).toMatch(/^[0-9a-f]{20,}$/);
    const operator = readUsers().operator.userId;
    const call = (body: unknown) =>
      page.request.post(action.url, {
        headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
        data: JSON.stringify([body]),
      });
    const asModerator = await call({ userId: operator, role: "admin" });
    const text = await asModerator.text();
    expect(text).toContain('"ok":false');
    expect(text).toContain('"code":"M_FORBIDDEN"');
    expect(await roleOf(operator)).toBe("operator");
  });

  test("the same action without a session is refused too", async ({ browser, playwright, baseURL }) => {
    const action = await captureRoleAction(browser);
    // An explicit empty state: the test-level storageState would otherwise apply here too.
    const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const response = await anonymous.post(action.url, {
      headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      data: JSON.stringify([{ userId: readUsers().operator.userId, role: "admin" }]),
    });
    expect(await response.text()).toContain('"code":"M_MISSING_TOKEN"');
    expect(await roleOf(readUsers().operator.userId)).toBe("operator");
    await anonymous.dispose();
  });
});
