import { z } from "zod";

const roomId = z.string().regex(/^![^:\s]+:\S+$/, "must be a room ID (!opaque:server)").max(255);

/** GET retention/rooms query. */
export const listRoomsQuery = z.object({
  from: z.string().min(1).max(255).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  job: z.string().min(1).max(200).optional(),
});

/** GET retention/forecast query: a job's next run, or one room now. */
export const forecastQuery = z
  .object({ job: z.string().min(1).max(200).optional(), room_id: roomId.optional() })
  .refine((q) => (q.job === undefined) !== (q.room_id === undefined), { message: "give exactly one of job or room_id" });

/** POST retention/run body. */
export const runNowBody = z.object({ room_id: roomId });

/** GET retention/jobs query. */
export const listJobsQuery = z.object({ last_runs: z.coerce.number().int().min(0).max(50).default(5) });
