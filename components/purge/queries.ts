import { queryOptions } from "@tanstack/react-query";
import { getJson } from "@/components/fetch-json";
import { TERMINAL, type PurgeInputs, type PurgePreview, type PurgeTaskView } from "./types";

export const purgeKeys = {
  preview: (roomId: string, inputs: PurgeInputs) => ["rooms", roomId, "purge", "preview", inputs] as const,
  task: (roomId: string) => ["rooms", roomId, "purge", "task"] as const,
};

const base = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}/purge`;

/** The preview for exactly these inputs; the confirm button waits for it. */
export function purgePreviewQuery(roomId: string, inputs: PurgeInputs) {
  return queryOptions({
    queryKey: purgeKeys.preview(roomId, inputs),
    queryFn: () => {
      const search = new URLSearchParams({ delete_local_events: String(inputs.deleteLocalEvents) });
      if (inputs.eventId) search.set("event_id", inputs.eventId);
      else if (inputs.ts !== undefined) search.set("ts", String(inputs.ts));
      return getJson<PurgePreview>(`${base(roomId)}/preview?${search}`);
    },
    enabled: Boolean(inputs.eventId) || inputs.ts !== undefined,
    retry: false,
    staleTime: 5_000,
  });
}

/** The room's current or latest purge task, polled every second until it is finished. */
export function purgeTaskQuery(roomId: string, id?: string) {
  return queryOptions({
    queryKey: purgeKeys.task(roomId),
    queryFn: async () => {
      const search = id ? `?id=${encodeURIComponent(id)}` : "";
      return (await getJson<{ task: PurgeTaskView | null }>(`${base(roomId)}/status${search}`)).task;
    },
    refetchInterval: (query) => {
      const task = query.state.data;
      return task && !TERMINAL.has(task.status) ? 1000 : false;
    },
  });
}
