import { expect, test, type Browser } from "@playwright/test";
import { eq } from "drizzle-orm";
import * as t from "../server/db/schema";
import { createRoom } from "../server/rooms";
import { cancelTask, scheduleTask } from "../server/tasks";
import { alertIn, readUsers, storageStateOf, withCore } from "./fixtures/core";

// Tasks: filters kept in the URL, role checks on pages, route handlers and actions, and the
// console's layout on a phone.
async function makeRoom(name: string): Promise<string> {
  return withCore(async (ctx) => (await createRoom(ctx, { creator: `@tasks-owner:${ctx.config.server_name}`, name })).roomId);
}

test.describe("tasks list as an operator", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("filters from the URL select the tasks, and the form shows them", async ({ page }) => {
    const roomId = await makeRoom("Tasks filter room");
    const [later, gone] = await withCore(async (ctx) => {
      const tomorrow = Date.now() + 86_400_000;
      const a = await scheduleTask(ctx, { action: "purge_room", resourceId: roomId, timestamp: tomorrow });
      const b = await scheduleTask(ctx, { action: "purge_history", resourceId: roomId, timestamp: tomorrow });
      await cancelTask(ctx, b);
      return [a, b];
    });
    await page.goto(`/tasks?room=${encodeURIComponent(roomId)}`);
    await expect(page.getByTestId("task-row")).toHaveCount(2);
    await page.goto(`/tasks?room=${encodeURIComponent(roomId)}&action=purge_history`);
    await expect(page.getByLabel("Action")).toHaveValue("purge_history");
    await expect(page.getByTestId("task-row")).toHaveCount(1);
    await expect(page.locator(`[data-task-id="${gone}"]`).getByTestId("task-status")).toHaveText("cancelled");
    await page.getByLabel("Action").selectOption("");
    await page.getByLabel("Status").selectOption("scheduled");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/status=scheduled/);
    await expect(page.getByTestId("task-row")).toHaveCount(1);
    await expect(page.getByTestId("task-row")).toHaveAttribute("data-task-id", later);
    // A time range that ends before the tasks' time finds nothing.
    await page.getByLabel("To (UTC)").fill("2001-01-01T00:00");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByText("No tasks match.")).toBeVisible();
    // The room link goes to the room's Tasks tab.
    await page.goto(`/tasks?room=${encodeURIComponent(roomId)}&status=scheduled`);
    await page.getByRole("link", { name: roomId }).click();
    await expect(page.getByRole("link", { name: "Tasks", exact: true }).and(page.locator("[aria-current=page]"))).toBeVisible();
    await expect(page.locator(`[data-task-id="${later}"]`)).toBeVisible();
  });
});

test.describe("tasks list paging", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("pages of 50, newest first: older tasks are a link away, kept in the URL, on the list and on the room's Tasks tab", async ({ page }) => {
    const roomId = await makeRoom("Tasks paging room");
    const ids = await withCore(async (ctx) => {
      const start = Date.now() + 86_400_000;
      const made: string[] = [];
      for (let i = 0; i < 60; i += 1) made.push(await scheduleTask(ctx, { action: "retention_purge", resourceId: roomId, timestamp: start + i * 60_000 }));
      return made;
    });
    const rows = page.getByTestId("task-row");
    await page.goto(`/tasks?room=${encodeURIComponent(roomId)}`);
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toHaveAttribute("data-task-id", ids[59] ?? "");
    await expect(rows.last()).toHaveAttribute("data-task-id", ids[10] ?? "");
    await expect(page.getByText("50 tasks; older tasks on the next page")).toBeVisible();
    await expect(page.getByRole("link", { name: "Newest" })).toHaveCount(0);
    await page.getByRole("navigation", { name: "Task pages" }).getByRole("link", { name: "Older tasks" }).click();
    await expect(page).toHaveURL(/before=\d+\.[A-Za-z]+/);
    await expect(page).toHaveURL(/room=/);
    await expect(rows).toHaveCount(10);
    await expect(rows.first()).toHaveAttribute("data-task-id", ids[9] ?? "");
    await expect(rows.last()).toHaveAttribute("data-task-id", ids[0] ?? "");
    await expect(page.getByRole("link", { name: "Older tasks" })).toHaveCount(0);
    // The older page is a URL: a reload shows the same tasks.
    await page.reload();
    await expect(rows).toHaveCount(10);
    await expect(rows.last()).toHaveAttribute("data-task-id", ids[0] ?? "");
    await page.getByRole("link", { name: "Newest" }).click();
    await expect(page).not.toHaveURL(/before=/);
    await expect(rows).toHaveCount(50);
    // New filters start at the newest page.
    await page.getByRole("link", { name: "Older tasks" }).click();
    await expect(rows).toHaveCount(10);
    await page.getByLabel("Status").selectOption("scheduled");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).not.toHaveURL(/before=/);
    await expect(rows).toHaveCount(50);
    // The room's Tasks tab pages the same way and stays on the tab.
    await page.goto(`/rooms/${encodeURIComponent(roomId)}?tab=tasks`);
    await expect(rows).toHaveCount(50);
    await page.getByRole("link", { name: "Older tasks" }).click();
    await expect(page).toHaveURL(/tab=tasks/);
    await expect(rows).toHaveCount(10);
    await expect(rows.last()).toHaveAttribute("data-task-id", ids[0] ?? "");
    // Leave no scheduled runs behind for the specs that follow.
    await withCore(async (ctx) => {
      for (const id of ids) await cancelTask(ctx, id);
    });
  });
});

test.describe("cancel a scheduled task as an admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("from its task page: confirm, it shows cancelled there and in the list, and the audit log has who did it", async ({ page }) => {
    const roomId = await makeRoom("Tasks cancel room");
    const taskId = await withCore((ctx) => scheduleTask(ctx, { action: "purge_history", resourceId: roomId, params: { note: "e2e" }, timestamp: Date.now() + 86_400_000 }));
    await page.goto(`/tasks?room=${encodeURIComponent(roomId)}`);
    const row = page.locator(`[data-task-id="${taskId}"]`);
    await expect(row.getByTestId("task-status")).toHaveText("scheduled");
    await row.getByRole("link", { name: "purge_history" }).click();
    await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`));
    const detail = page.getByTestId("task-detail");
    await expect(detail.getByTestId("task-status")).toHaveText("scheduled");
    await detail.getByRole("button", { name: "Cancel…" }).click();
    // "Keep it" backs out; nothing changes.
    await detail.getByRole("button", { name: "Keep it" }).click();
    await expect(detail.getByTestId("task-status")).toHaveText("scheduled");
    await detail.getByRole("button", { name: "Cancel…" }).click();
    await expect(detail.getByRole("group", { name: `Cancel task ${taskId}` })).toContainText("Cancel this purge_history task?");
    await detail.getByRole("button", { name: "Yes, cancel task" }).click();
    await expect(detail.getByTestId("task-status")).toHaveText("cancelled");
    await expect(detail.getByRole("button", { name: "Cancel…" })).toHaveCount(0);
    await page.goto(`/tasks?room=${encodeURIComponent(roomId)}`);
    await expect(row.getByTestId("task-status")).toHaveText("cancelled");
    await expect(row.getByRole("button", { name: "Cancel…" })).toHaveCount(0);

    await page.goto("/audit");
    await page.getByLabel("Room ID").fill(roomId);
    await page.getByLabel("Action").fill("cancel_task");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const entry = page.getByTestId("audit-row");
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(readUsers().admin.userId);
    await expect(entry).toContainText(taskId);
    await expect(entry.getByTestId("audit-params")).toContainText('"action":"purge_history"');
    await expect(entry.getByText("ok", { exact: true })).toBeVisible();
  });
});

/** The id of the operator's "set room policy" server action, as the browser sends it. */
async function capturePolicyAction(browser: Browser, roomId: string): Promise<{ id: string; url: string }> {
  const context = await browser.newContext({ storageState: storageStateOf("operator") });
  const page = await context.newPage();
  await page.goto(`/rooms/${encodeURIComponent(roomId)}?tab=retention`);
  await page.getByLabel("Maximum lifetime").fill("30d");
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
    page.getByRole("button", { name: "Save policy" }).click(),
  ]);
  await expect(page.getByRole("status").filter({ hasText: "Policy saved." })).toBeVisible();
  const id = request.headers()["next-action"] ?? "";
  await context.close();
  return { id, url: request.url() };
}

test.describe("a moderator", () => {
  test.use({ storageState: storageStateOf("moderator") });

  test("sees no Retention or Tasks navigation, pages, tabs or data", async ({ page }) => {
    const roomId = await makeRoom("Moderator tasks room");
    await page.goto("/rooms");
    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link", { name: "Rooms" })).toBeVisible();
    for (const label of ["Retention", "Tasks", "Audit log"]) await expect(nav.getByRole("link", { name: label })).toHaveCount(0);
    for (const path of ["/retention", "/tasks"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/rooms\?denied=1$/);
      await expect(alertIn(page)).toHaveText("That page needs another console role.");
    }
    await page.goto(`/rooms/${encodeURIComponent(roomId)}?tab=retention`);
    const tabs = page.getByRole("navigation", { name: "Room sections" });
    await expect(tabs.getByRole("link", { name: "Timeline" })).toBeVisible();
    await expect(tabs.getByRole("link", { name: "Retention" })).toHaveCount(0);
    await expect(tabs.getByRole("link", { name: "Tasks" })).toHaveCount(0);
    await expect(page.getByLabel("Maximum lifetime")).toHaveCount(0);
    for (const path of ["/tasks/feed", "/tasks/nosuchtaskatall/json"]) {
      const response = await page.request.get(path);
      expect(response.status()).toBe(403);
      expect(await response.json()).toMatchObject({ errcode: "M_FORBIDDEN" });
    }
  });

  test("calling the retention editor's server action directly is refused", async ({ browser, page }) => {
    const roomId = await makeRoom("Moderator policy room");
    const action = await capturePolicyAction(browser, roomId);
    const response = await page.request.post(action.url, {
      headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      data: JSON.stringify([{ roomId, minLifetime: null, maxLifetime: 1 }]),
    });
    const text = await response.text();
    expect(text).toContain('"ok":false');
    expect(text).toContain('"code":"M_FORBIDDEN"');
    const stored = await withCore((ctx) => ctx.db.select().from(t.roomRetention).where(eq(t.roomRetention.roomId, roomId)));
    expect(stored.map((r) => r.maxLifetime)).toEqual([30 * 86_400_000]);
  });
});

test.describe("route handlers", () => {
  test.use({ storageState: storageStateOf("operator") });

  test("answer unknown tasks with 404 and malformed filters with an empty list, never 500", async ({ page, playwright, baseURL }) => {
    const unknown = await page.request.get("/tasks/nosuchtaskatall/json");
    expect(unknown.status()).toBe(404);
    expect(await unknown.json()).toMatchObject({ errcode: "M_NOT_FOUND" });
    const odd = await page.request.get("/tasks/feed?status=bogus&since=yesterday&room=%00");
    expect(odd.status()).toBe(200);
    const finished = await page.request.get("/tasks/finished?since=-5");
    expect(await finished.json()).toMatchObject({ tasks: [] });
    const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const response = await anonymous.get("/tasks/finished");
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ errcode: "M_MISSING_TOKEN" });
    await anonymous.dispose();
  });
});

test.describe("on a phone", () => {
  test.use({ storageState: storageStateOf("admin"), viewport: { width: 375, height: 812 } });

  test("every console page fits the screen, and the navigation wraps instead of scrolling", async ({ page }) => {
    for (const path of ["/rooms", "/retention", "/tasks", "/audit", "/users"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    const nav = page.getByRole("navigation", { name: "Console" });
    await nav.getByRole("link", { name: "Tasks" }).click();
    await expect(page.getByRole("heading", { name: "Tasks" })).toBeVisible();
  });
});
