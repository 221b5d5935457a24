import { expect, test } from "@playwright/test";
import { recordAudit } from "../server/audit";
import { randomLetters } from "../server/events/ids";
import { alertIn, storageStateOf, withCore } from "./fixtures/core";

// The audit log is for admins only; its filters are in the URL and narrow the list; it pages.
const actor = `@audit-${randomLetters(6).toLowerCase()}:e2e.test`;

test.describe("audit log access", () => {
  for (const role of ["moderator", "operator"] as const) {
    test.describe(role, () => {
      test.use({ storageState: storageStateOf(role) });
      test(`a ${role} is not shown the audit log and is sent back from it`, async ({ page }) => {
        await page.goto("/rooms");
        await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
        await page.goto("/audit");
        await expect(page).toHaveURL(/\/rooms\?denied=1$/);
        await expect(alertIn(page)).toHaveText("That page needs another console role.");
      });
    });
  }
});

test.describe("audit log as an admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test.beforeAll(async () => {
    await withCore(async (core) => {
      const ctx = { ...core, actor };
      for (let i = 0; i < 60; i += 1) {
        await recordAudit(ctx, { action: i % 2 ? "e2e_even" : "e2e_odd", target: `target-${i}`, params: { n: i }, status: "ok" });
      }
    });
  });

  test("filters by actor and action narrow the list, kept in the URL, and paging reaches the oldest entry", async ({ page }) => {
    await page.goto("/rooms");
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await page.getByLabel("Who").fill(actor);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`actor=${encodeURIComponent(actor)}`));
    const rows = page.getByTestId("audit-row");
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toContainText("target-59");
    await page.getByRole("link", { name: "Older entries" }).click();
    await expect(rows).toHaveCount(10);
    await expect(rows.last()).toContainText("target-0");
    await expect(rows.last().getByTestId("audit-params")).toHaveText('{"n":0}');
    await expect(page.getByRole("link", { name: "Older entries" })).toHaveCount(0);
    await page.getByRole("link", { name: "Newest" }).click();
    await page.getByLabel("Action").fill("e2e_even");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(rows).toHaveCount(30);
    await expect(rows.filter({ hasText: "e2e_odd" })).toHaveCount(0);
    await page.getByLabel("Who").fill("@nobody:e2e.test");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByText("No entries match.")).toBeVisible();
  });
});
