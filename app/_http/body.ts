import type { z } from "zod";
import { MatrixError } from "@/server/errors";
import type { ApiContext } from "./router";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The request body as a JSON object, as Synapse's parse_json_object_from_request: invalid JSON →
 * M_NOT_JSON, a JSON non-object → M_BAD_JSON. `empty` says what an empty body means for this endpoint.
 */
export async function readJsonObject(c: ApiContext, options: { empty: "object" | "error" } = { empty: "error" }): Promise<Record<string, unknown>> {
  const text = await c.request.text();
  if (text.length > MAX_BODY_BYTES) throw new MatrixError("M_TOO_LARGE", "Request body too large");
  if (text.trim() === "") {
    if (options.empty === "object") return {};
    throw new MatrixError("M_NOT_JSON", "Content not JSON.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MatrixError("M_NOT_JSON", "Content not JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new MatrixError("M_BAD_JSON", "Content must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** Validates with a domain zod schema; the first issue becomes a 400 M_BAD_JSON naming the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `'${issue.path.join(".")}': ` : "";
  throw new MatrixError("M_BAD_JSON", `${where}${issue?.message ?? "invalid request body"}`);
}
