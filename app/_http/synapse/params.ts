import { MatrixError } from "@/server/errors";

// Synapse's query-parameter parsers (synapse/http/servlet.py): the same messages and codes.

const invalid = (message: string) => new MatrixError("M_INVALID_PARAM", message);

export function queryInt(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) throw invalid(`Query parameter ${JSON.stringify(name)} must be an integer.`);
  const value = Number.parseInt(raw, 10);
  if (!Number.isSafeInteger(value)) throw invalid(`Query parameter ${JSON.stringify(name)} must be an integer.`);
  return value;
}

/** from/limit as Synapse's list endpoints check them. */
export function queryNonNegative(query: URLSearchParams, name: string, fallback: number): number {
  const value = queryInt(query, name, fallback);
  if (value < 0) throw invalid(`Query parameter ${name} must be a string representing a positive integer.`);
  return value;
}

export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw invalid(`Boolean query parameter ${JSON.stringify(name)} must be one of ['true', 'false']`);
}

export function queryChoice<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T, message?: (value: string) => string): T {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw invalid(message ? message(raw) : `Query parameter ${JSON.stringify(name)} must be one of [${allowed.map((a) => JSON.stringify(a)).join(", ")}]`);
}
