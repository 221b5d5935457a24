import { createAccessToken, createUser } from "@/server/auth";
import type { ConfigInput } from "@/server/config";
import { createTestApp, type TestApp } from "@/server/testing/test-app";
import { createDispatcher } from "./router";
import { allRoutes } from "./routes";

export interface ApiResult {
  status: number;
  body: Record<string, unknown> & { errcode?: string; error?: string };
}

export interface RequestOptions {
  token?: string;
  /** A JSON value, or a raw string sent as is. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
}

export interface TestApi {
  app: TestApp;
  dispatch(request: Request): Promise<Response>;
  call(method: string, path: string, options?: RequestOptions): Promise<ApiResult>;
  get(path: string, options?: RequestOptions): Promise<ApiResult>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResult>;
  put(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResult>;
  del(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResult>;
  /** Creates a local user and an access token directly through the core. */
  user(localpart: string, options?: { admin?: boolean; consoleRole?: "admin" | "moderator" | "operator"; password?: string }): Promise<{ userId: string; token: string }>;
}

/**
 * HTTP-level tests without a server: real Request objects through the same dispatcher the route
 * handlers use, on a fresh database with a fake clock.
 */
export async function createTestApi(config: ConfigInput = {}): Promise<TestApi> {
  const app = await createTestApp(config);
  const dispatch = createDispatcher(async () => app, allRoutes);
  const call = async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResult> => {
    const url = new URL(path, "http://scrollback.test");
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const response = await dispatch(new Request(url, { method, headers, body }));
    const text = await response.text();
    let parsed: ApiResult["body"] = {};
    if (text) parsed = JSON.parse(text) as ApiResult["body"];
    if (response.status >= 500) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return { status: response.status, body: parsed };
  };
  return {
    app,
    dispatch,
    call,
    get: (path, options) => call("GET", path, options),
    post: (path, body, options) => call("POST", path, { ...options, body }),
    put: (path, body, options) => call("PUT", path, { ...options, body }),
    del: (path, body, options) => call("DELETE", path, { ...options, body }),
    async user(localpart, options = {}) {
      const ctx = app.ctx("system:test");
      const userId = `@${localpart}:${app.config.server_name}`;
      await createUser(ctx, { userId, password: options.password ?? null, admin: options.admin ?? false, consoleRole: options.consoleRole ?? null });
      const { accessToken } = await createAccessToken(ctx, { userId, deviceId: `DEV_${localpart}` });
      return { userId, token: accessToken };
    },
  };
}
