import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readUsers, storageStateOf, type Role } from "./fixtures/core";

// Every main page in both themes: no axe violations (WCAG 2.1 A/AA rules), and a screenshot kept in
// e2e/screenshots/ (gitignored) for people to look at.
const SCREENSHOTS = path.resolve("e2e/screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

interface MainPage {
  name: string;
  role: Role | null;
  path: () => string;
  ready: (page: Page) => Promise<void>;
}

const room = () => `/rooms/${encodeURIComponent(readUsers().fixtureRoom.roomId)}`;
const PAGES: MainPage[] = [
  { name: "login", role: null, path: () => "/login", ready: (p) => expect(p.getByRole("button", { name: "Log in" })).toBeVisible() },
  { name: "rooms", role: "admin", path: () => "/rooms", ready: (p) => expect(p.getByTestId("room-row").first()).toBeVisible() },
  { name: "room-timeline", role: "moderator", path: room, ready: (p) => expect(p.getByTestId("timeline").locator("li").first()).toBeVisible() },
  {
    name: "room-timeline-raw-json",
    role: "admin",
    path: room,
    ready: async (p) => {
      await p.getByTestId("timeline").locator("li").first().getByRole("button", { name: "Raw JSON" }).click();
      await expect(p.getByTestId("raw-json")).toBeVisible();
    },
  },
  { name: "room-members", role: "operator", path: () => `${room()}?tab=members`, ready: (p) => expect(p.getByTestId("member-row").first()).toBeVisible() },
  { name: "room-state", role: "operator", path: () => `${room()}?tab=state`, ready: (p) => expect(p.getByRole("cell", { name: "m.room.create" })).toBeVisible() },
  {
    name: "room-purge",
    role: "admin",
    path: () => `${room()}/purge`,
    ready: async (p) => {
      // A cutoff far ahead: the preview shows what a purge of all but the newest event would delete.
      await p.getByLabel("Date and time (your local time)").fill("2100-01-01T00:00");
      await expect(p.getByTestId("purge-preview")).toBeVisible();
    },
  },
  { name: "room-delete", role: "admin", path: () => `${room()}/delete`, ready: (p) => expect(p.getByTestId("delete-preview")).toBeVisible() },
  { name: "users", role: "admin", path: () => "/users", ready: (p) => expect(p.getByRole("heading", { name: "Console users" })).toBeVisible() },
  { name: "retention", role: "operator", path: () => "/retention", ready: (p) => expect(p.getByTestId("purge-job").first()).toBeVisible() },
  { name: "room-retention", role: "operator", path: () => `${room()}?tab=retention`, ready: (p) => expect(p.getByTestId("room-forecast")).toBeVisible() },
  { name: "tasks", role: "operator", path: () => "/tasks", ready: (p) => expect(p.getByText(/^\d+ tasks?/)).toBeVisible() },
  { name: "audit", role: "admin", path: () => "/audit", ready: (p) => expect(p.getByRole("heading", { name: "Audit log" })).toBeVisible() },
];

for (const theme of ["light", "dark"] as const) {
  for (const main of PAGES) {
    test.describe(`${main.name} (${theme})`, () => {
      if (main.role) test.use({ storageState: storageStateOf(main.role) });

      test(`${main.name} in the ${theme} theme has no accessibility violations`, async ({ page, context, baseURL }) => {
        await context.addCookies([{ name: "scrollback_theme", value: theme, url: baseURL ?? "http://127.0.0.1" }]);
        await page.goto(main.path());
        await main.ready(page);
        await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${main.name}-${theme}.png`), fullPage: true });
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        const summary = results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
        expect(summary).toEqual([]);
      });
    });
  }
}

test.describe("theme toggle", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("switches the theme and remembers it across reloads", async ({ page }) => {
    await page.goto("/rooms");
    const before = await page.locator("html").getAttribute("data-theme");
    const next = before === "dark" ? "light" : "dark";
    await page.getByTestId("theme-toggle").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", next);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", next);
  });
});
