import type { Config } from "../config";
import { MatrixError } from "../errors";

export interface RetentionConfiguration {
  policies: Record<string, { min_lifetime?: number; max_lifetime?: number }>;
  limits: { max_lifetime?: { min?: number; max?: number } };
}

/** MSC1763's server retention configuration; absent unless retention and msc1763_enabled are on. */
export function getRetentionConfiguration(config: Config): RetentionConfiguration {
  const retention = config.retention;
  if (!retention.enabled || !config.experimental.msc1763_enabled) throw new MatrixError("M_UNRECOGNIZED", "Unrecognized request");
  const policy: { min_lifetime?: number; max_lifetime?: number } = {};
  if (retention.default_policy.min_lifetime !== null) policy.min_lifetime = retention.default_policy.min_lifetime;
  if (retention.default_policy.max_lifetime !== null) policy.max_lifetime = retention.default_policy.max_lifetime;
  const bounds: { min?: number; max?: number } = {};
  if (retention.allowed_lifetime_min !== null) bounds.min = retention.allowed_lifetime_min;
  if (retention.allowed_lifetime_max !== null) bounds.max = retention.allowed_lifetime_max;
  return {
    policies: Object.keys(policy).length > 0 ? { "*": policy } : {},
    limits: Object.keys(bounds).length > 0 ? { max_lifetime: bounds } : {},
  };
}
