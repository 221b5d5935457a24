import { queryOptions } from "@tanstack/react-query";
import { getJson } from "@/components/fetch-json";
import { TERMINAL, type DeletePreview, type DeleteTaskView } from "./types";

export const deleteKeys = {
  preview: (roomId: string, input: { block: boolean; purge: boolean; newRoomUserId: string }) => ["rooms", roomId, "delete", "preview", input] as const,
  task: (roomId: string, id?: string) => ["rooms", roomId, "delete", "task", id ?? "latest"] as const,
};

const base = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}/delete`;

/** What a delete with these options would do; only the options that change it are in the key. */
export function deletePreviewQuery(roomId: string, input: { block: boolean; purge: boolean; newRoomUserId: string }) {
  return queryOptions({
    queryKey: deleteKeys.preview(roomId, input),
    queryFn: () => {
      const search = new URLSearchParams({ block: String(input.block), purge: String(input.purge) });
      if (input.newRoomUserId.trim()) search.set("new_room_user_id", input.newRoomUserId.trim());
      return getJson<DeletePreview>(`${base(roomId)}/preview?${search}`);
    },
    retry: false,
    staleTime: 5_000,
  });
}

/** A room's delete task (by id, or its latest), polled every second until it has finished. */
export function deleteTaskQuery(roomId: string, id?: string) {
  return queryOptions({
    queryKey: deleteKeys.task(roomId, id),
    queryFn: async () => {
      const search = id ? `?id=${encodeURIComponent(id)}` : "";
      return (await getJson<{ task: DeleteTaskView | null }>(`${base(roomId)}/status${search}`)).task;
    },
    refetchInterval: (query) => {
      const task = query.state.data;
      return task && !TERMINAL.has(task.status) ? 1000 : false;
    },
  });
}
