import { MatrixError } from "@/server/errors";

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

export function errorResponse(error: MatrixError): Response {
  return json(error.toJSON(), error.status);
}
