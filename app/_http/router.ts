import type { App } from "@/server/app";
import { isMatrixError, MatrixError } from "@/server/errors";
import { errorResponse, json } from "./respond";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface ApiContext {
  app: App;
  request: Request;
  url: URL;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
}

export type RouteHandler = (c: ApiContext) => Promise<Response>;

export interface Route {
  method: Method;
  segments: string[];
  handler: RouteHandler;
}

/** route("GET", "/_matrix/client/v3/rooms/:roomId/messages", handler) */
export function route(method: Method, pattern: string, handler: RouteHandler): Route {
  return { method, segments: pattern.split("/").filter(Boolean), handler };
}

// Clients still call r0, api/v1 and unstable paths for endpoints that v3 serves.
const CLIENT_ALIASES = ["/_matrix/client/r0/", "/_matrix/client/api/v1/", "/_matrix/client/unstable/"];

function match(route: Route, parts: string[]): Record<string, string> | null {
  if (route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const pattern = route.segments[i] ?? "";
    const part = parts[i] ?? "";
    if (pattern.startsWith(":")) params[pattern.slice(1)] = part;
    else if (pattern !== part) return null;
  }
  return params;
}

function decodeSegments(path: string): string[] {
  try {
    return path.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new MatrixError("M_UNRECOGNIZED", "Unrecognized request: malformed percent-encoding in the path");
  }
}

function find(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | "method" | null {
  const candidates = [pathname];
  const alias = CLIENT_ALIASES.find((prefix) => pathname.startsWith(prefix));
  if (alias) candidates.push(`/_matrix/client/v3/${pathname.slice(alias.length)}`);
  let pathMatched = false;
  for (const candidate of candidates) {
    const parts = decodeSegments(candidate);
    for (const r of routes) {
      const params = match(r, parts);
      if (!params) continue;
      if (r.method === method) return { route: r, params };
      pathMatched = true;
    }
  }
  return pathMatched ? "method" : null;
}

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "X-Requested-With, Content-Type, Authorization",
};

/** One function from Request to Response for a family of routes; errors become Matrix JSON, never a 500 body with details. */
export function createDispatcher(getApp: () => Promise<App>, routes: Route[]) {
  return async function dispatch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_HEADERS });
    let response: Response;
    try {
      const found = find(routes, request.method, url.pathname);
      if (found === null) throw new MatrixError("M_UNRECOGNIZED", "Unrecognized request");
      if (found === "method") throw new MatrixError("M_UNRECOGNIZED", "Unrecognized request", { status: 405 });
      const app = await getApp();
      response = await found.route.handler({ app, request, url, params: found.params, query: url.searchParams });
    } catch (error) {
      response = await toErrorResponse(error, getApp);
    }
    for (const [key, value] of Object.entries(CORS_HEADERS)) response.headers.set(key, value);
    return response;
  };
}

async function toErrorResponse(error: unknown, getApp: () => Promise<App>): Promise<Response> {
  if (isMatrixError(error)) return errorResponse(error);
  try {
    (await getApp()).logger.error("unhandled error in request", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } catch {
    console.error(error);
  }
  return json({ errcode: "M_UNKNOWN", error: "Internal server error" }, 500);
}
