import { test as setup, expect } from "@playwright/test";
import { ROLES, readUsers, storageStateOf } from "./fixtures/core";

// Logs in once per role through the login page and keeps the session cookie for the other tests.
for (const role of ROLES) {
  setup(`log in as ${role}`, async ({ page }) => {
    const user = readUsers()[role];
    await page.goto("/login");
    await page.getByLabel("User name").fill(user.userId);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL("**/rooms");
    await expect(page.getByTestId("whoami")).toContainText(role);
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
