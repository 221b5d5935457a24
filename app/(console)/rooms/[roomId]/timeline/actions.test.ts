import { describe, expect, it, vi } from "vitest";
import { createTestApp } from "@/server/testing/test-app";
import { actAs, consoleUser, serveTestApp } from "./testing";

vi.mock("next/headers", async () => (await import("./testing")).nextHeadersMock());

const { setTimelineBlurAction } = await import("./actions");
const { readTimelineSettings } = await import("./settings");

const app = await createTestApp();
serveTestApp(app);
const moderator = await consoleUser(app, "mod", "moderator");
const operator = await consoleUser(app, "op", "operator");
const plain = await consoleUser(app, "plain", null);
const ctx = app.ctx("system:test");

describe("timeline blur setting (server action)", () => {
  it("is on by default and persists per console user", async () => {
    expect(await readTimelineSettings(ctx, moderator.userId)).toEqual({ blur: true });
    actAs(moderator.token);
    expect(await setTimelineBlurAction({ blur: false })).toEqual({ ok: true, data: { blur: false } });
    expect(await readTimelineSettings(ctx, moderator.userId)).toEqual({ blur: false });
    expect(await readTimelineSettings(ctx, operator.userId)).toEqual({ blur: true });
    expect(await setTimelineBlurAction({ blur: true })).toEqual({ ok: true, data: { blur: true } });
    expect(await readTimelineSettings(ctx, moderator.userId)).toEqual({ blur: true });
  });

  it("refuses no session, users without a console role, and malformed input", async () => {
    actAs(null);
    expect(await setTimelineBlurAction({ blur: false })).toMatchObject({ ok: false, error: { code: "M_MISSING_TOKEN" } });
    actAs(plain.token);
    expect(await setTimelineBlurAction({ blur: false })).toMatchObject({ ok: false, error: { code: "M_MISSING_TOKEN" } });
    actAs(operator.token);
    expect(await setTimelineBlurAction({ blur: "no" } as unknown as { blur: boolean })).toMatchObject({ ok: false, error: { code: "M_INVALID_PARAM" } });
    expect(await readTimelineSettings(ctx, operator.userId)).toEqual({ blur: true });
  });
});
