import type { Ctx } from "../context";

export interface BackfillRequest {
  roomId: string;
  /** Depth the client is paginating from (Synapse's curr_topo). */
  currentDepth: number;
  limit: number;
}

/** Pulls missing history from other servers; `fetched` says whether the page should be re-read. */
export interface Backfiller {
  backfill(ctx: Ctx, request: BackfillRequest): Promise<{ fetched: boolean }>;
}

/**
 * The default: no federation peers are configured, so there is nothing to fetch. A federating
 * implementation would take the room's purge read lock and call /backfill on servers in the room.
 */
export const noBackfill: Backfiller = {
  backfill: async () => ({ fetched: false }),
};
