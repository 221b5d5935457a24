import { z } from "zod";
import { parseDuration } from "./duration";

const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: `not a duration: ${String(value)} (use ms or 1d-style)` });
    return z.NEVER;
  }
  return ms;
});

// Synapse's retention: section (synapse/config/retention.py), with its error messages.
const purgeJob = z
  .object({
    shortest_max_lifetime: duration.nullish(),
    longest_max_lifetime: duration.nullish(),
    interval: duration.nullish(),
  })
  .superRefine((job, ctx) => {
    if (job.interval === undefined || job.interval === null) {
      ctx.addIssue({ code: "custom", message: "A retention policy's purge jobs configuration must have the 'interval' key set." });
    } else if (job.interval <= 0) {
      // Not in Synapse (a zero interval would spin); ours to refuse.
      ctx.addIssue({ code: "custom", message: "A retention policy's purge jobs configuration's 'interval' must be greater than 0." });
    }
    if (
      job.shortest_max_lifetime !== undefined &&
      job.shortest_max_lifetime !== null &&
      job.longest_max_lifetime !== undefined &&
      job.longest_max_lifetime !== null &&
      job.shortest_max_lifetime > job.longest_max_lifetime
    ) {
      ctx.addIssue({
        code: "custom",
        message: "A retention policy's purge jobs configuration's 'shortest_max_lifetime' value can not be greater than its 'longest_max_lifetime' value.",
      });
    }
  })
  .transform((job) => ({
    shortest_max_lifetime: job.shortest_max_lifetime ?? null,
    longest_max_lifetime: job.longest_max_lifetime ?? null,
    interval: job.interval ?? 86_400_000,
  }));

const retentionObject = z
  .object({
    enabled: z.boolean().default(false),
    default_policy: z
      .object({ min_lifetime: duration.nullish(), max_lifetime: duration.nullish() })
      .nullish()
      .transform((p) => ({ min_lifetime: p?.min_lifetime ?? null, max_lifetime: p?.max_lifetime ?? null }))
      .refine((p) => p.min_lifetime === null || p.max_lifetime === null || p.min_lifetime <= p.max_lifetime, {
        message: "The default retention policy's 'min_lifetime' can not be greater than its 'max_lifetime'",
      }),
    allowed_lifetime_min: duration.nullish().transform((v) => v ?? null),
    allowed_lifetime_max: duration.nullish().transform((v) => v ?? null),
    purge_jobs: z.array(purgeJob).nullish().transform((jobs) => jobs ?? []),
  })
  .refine((r) => r.allowed_lifetime_min === null || r.allowed_lifetime_max === null || r.allowed_lifetime_min <= r.allowed_lifetime_max, {
    message: "Invalid retention policy limits: 'allowed_lifetime_min' can not be greater than 'allowed_lifetime_max'",
  })
  .transform((r) => ({
    ...r,
    // Synapse: no jobs configured means one daily job with no bounds.
    purge_jobs: r.purge_jobs.length > 0 ? r.purge_jobs : [{ shortest_max_lifetime: null, longest_max_lifetime: null, interval: 86_400_000 }],
  }));

// `retention:` with no value means an empty section, as in Synapse.
export const retentionSchema = z.preprocess((value) => value ?? {}, retentionObject);

export type RetentionConfig = z.output<typeof retentionSchema>;
export type RetentionPurgeJobConfig = RetentionConfig["purge_jobs"][number];

export const configSchema = z.object({
  server_name: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, "must be a hostname, optionally with a port")
    .default("localhost"),
  port: z.coerce.number().int().min(1).max(65535).default(3000),
  database_url: z.string().url().optional(),
  data_dir: z.string().min(1).default("./.data"),
  embedded_port: z.coerce.number().int().min(1).max(65535).default(54320),
  instance_name: z.string().min(1).optional(),
  registration_shared_secret: z.string().min(1).optional(),
  seed_demo: z.boolean().optional(),
  tasks: z
    .object({
      max_concurrent: z.coerce.number().int().min(1).max(100).default(5),
      per_action: z.record(z.string(), z.coerce.number().int().min(1)).default({}),
      keep_for: duration.default(7 * 86_400_000),
      poll_interval: duration.default(60_000),
    })
    .prefault({}),
  purge: z
    .object({ batch_size: z.coerce.number().int().min(1).max(100_000).default(2000) })
    .prefault({}),
  forgotten_room_retention_period: duration.nullable().default(null),
  retention: retentionSchema.prefault({}),
  experimental: z.object({ msc1763_enabled: z.boolean().default(false) }).prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
