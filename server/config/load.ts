import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { configSchema, type Config } from "./schema";

export class ConfigError extends Error {}

// Environment variables win over the YAML file; each maps onto one config key.
const ENV_KEYS: Array<[env: string, path: string[], kind: "string" | "number" | "boolean"]> = [
  ["SERVER_NAME", ["server_name"], "string"],
  ["PORT", ["port"], "number"],
  ["DATABASE_URL", ["database_url"], "string"],
  ["SCROLLBACK_DATA_DIR", ["data_dir"], "string"],
  ["SCROLLBACK_EMBEDDED_PORT", ["embedded_port"], "number"],
  ["SCROLLBACK_INSTANCE_NAME", ["instance_name"], "string"],
  ["REGISTRATION_SHARED_SECRET", ["registration_shared_secret"], "string"],
  ["SCROLLBACK_SEED_DEMO", ["seed_demo"], "boolean"],
  ["SCROLLBACK_TASKS_MAX_CONCURRENT", ["tasks", "max_concurrent"], "number"],
  ["SCROLLBACK_PURGE_BATCH_SIZE", ["purge", "batch_size"], "number"],
];

type Env = Record<string, string | undefined>;

function readYaml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`SCROLLBACK_CONFIG: cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(`SCROLLBACK_CONFIG: ${path} must hold a YAML mapping`);
  }
  return parsed as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function envValue(env: string, raw: string, kind: "string" | "number" | "boolean"): unknown {
  if (kind === "string") return raw;
  if (kind === "number") return raw.trim() === "" ? Number.NaN : Number(raw);
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${env}: expected true or false, got "${raw}"`);
}

/** Parses the configuration once; a bad value throws a ConfigError naming the key. */
export function loadConfig(env: Env = process.env): Config {
  const raw: Record<string, unknown> = env.SCROLLBACK_CONFIG ? readYaml(env.SCROLLBACK_CONFIG) : {};
  for (const [name, path, kind] of ENV_KEYS) {
    const value = env[name];
    if (value !== undefined && value !== "") setPath(raw, path, envValue(name, value, kind));
  }
  return parseConfig(raw);
}

export function parseConfig(raw: unknown): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join(".") || "(root)";
    return `  ${key}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}
