import { sql, type SQL } from "drizzle-orm";

/** A text[] parameter (drizzle would expand a JS array into a value list, which `= any(...)` cannot take). */
export function textArray(values: readonly string[]): SQL {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[]`;
}
