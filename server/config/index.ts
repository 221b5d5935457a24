export { loadConfig, parseConfig, ConfigError } from "./load";
export { parseDuration, formatDuration } from "./duration";
export type { Config, ConfigInput } from "./schema";
