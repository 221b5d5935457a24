import { expect, test } from "@playwright/test";

test("the console answers and the Matrix API speaks JSON", async ({ page, request }) => {
  const versions = await request.get("/_matrix/client/versions");
  expect(versions.ok()).toBe(true);
  expect((await versions.json()).versions).toContain("v1.11");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Scrollback" })).toBeVisible();
});
