import { z } from "zod";
import type { ActionError } from "../_lib/action";

/** Bulk delete from the rooms list: the selected rooms and one preset for all of them. */
export const bulkDeleteSchema = z.object({
  roomIds: z.array(z.string().min(1).max(255)).min(1).max(100),
  preset: z.enum(["cleanup", "takedown"]),
});

/** One room's outcome: its delete task, or why it was refused. */
export type BulkDeleteResult = { roomId: string; deleteId: string; error?: undefined } | { roomId: string; deleteId?: undefined; error: ActionError };
