import { expect, test } from "@playwright/test";
import { ROLES, alertIn, readUsers } from "./fixtures/core";

async function logIn(page: import("@playwright/test").Page, user: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

test.describe("login", () => {
  for (const role of ROLES) {
    test(`${role} logs in and sees the navigation of the role`, async ({ page }) => {
      const user = readUsers()[role];
      await logIn(page, user.userId, user.password);
      await page.waitForURL("**/rooms");
      await expect(page.getByTestId("whoami")).toContainText(user.userId);
      await expect(page.getByTestId("whoami")).toContainText(role);
      const nav = page.getByRole("navigation", { name: "Console" });
      await expect(nav.getByRole("link", { name: "Rooms" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "Console users" })).toHaveCount(role === "admin" ? 1 : 0);
    });
  }

  test("a short user name works too (localpart)", async ({ page }) => {
    const user = readUsers().moderator;
    await logIn(page, "moderator", user.password);
    await page.waitForURL("**/rooms");
    await expect(page.getByTestId("whoami")).toContainText(user.userId);
  });

  test("a wrong password is refused with a message", async ({ page }) => {
    await logIn(page, readUsers().admin.userId, "not-the-password");
    await expect(alertIn(page)).toHaveText("Invalid username or password");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("empty fields are reported per field", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByText("Enter your user name", { exact: true })).toBeVisible();
    await expect(page.getByText("Enter your password", { exact: true })).toBeVisible();
  });

  test("a Matrix user without a console role cannot use the console", async ({ page, context }) => {
    const user = readUsers().plain;
    await logIn(page, user.userId, user.password);
    await expect(alertIn(page)).toContainText("no console role");
    expect((await context.cookies()).some((c) => c.name === "scrollback_session")).toBe(false);
  });

  test("the session cookie is httpOnly and sameSite=lax; logout ends the session", async ({ page, context }) => {
    const user = readUsers().operator;
    await logIn(page, user.userId, user.password);
    await page.waitForURL("**/rooms");
    const cookie = (await context.cookies()).find((c) => c.name === "scrollback_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.secure).toBe(false);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL("**/login");
    // The old token is revoked, not only forgotten by the browser.
    await context.addCookies([{ ...(cookie as NonNullable<typeof cookie>) }]);
    await page.goto("/rooms");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("pages need a session", async ({ page, request }) => {
    for (const path of ["/", "/rooms", "/users", "/rooms/!nothing:e2e.test"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login$/);
    }
    const timeline = await request.get(`/rooms/${encodeURIComponent(readUsers().fixtureRoom.roomId)}/timeline`);
    expect(timeline.status()).toBe(401);
    expect(await timeline.json()).toMatchObject({ errcode: "M_MISSING_TOKEN" });
  });
});
