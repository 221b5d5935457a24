import { queryOptions } from "@tanstack/react-query";
import { getJson } from "@/components/fetch-json";
import { taskFilterSearch, type TaskFilters } from "./params";
import { LIVE, type ConsoleTask } from "./types";

// ['tasks', 'list', filters] and ['tasks', id]; live tasks are polled until they finish.
export const taskKeys = {
  all: ["tasks"] as const,
  list: (filters: TaskFilters) => ["tasks", "list", filters] as const,
  one: (id: string) => ["tasks", id] as const,
};

/** Polls every 2 s while a listed task is scheduled or active, every 15 s otherwise (new tasks appear). */
export function tasksQuery(filters: TaskFilters) {
  return queryOptions({
    queryKey: taskKeys.list(filters),
    queryFn: () => getJson<{ tasks: ConsoleTask[] }>(`/tasks/feed${taskFilterSearch(filters)}`),
    refetchInterval: (query) => (query.state.data?.tasks.some((t) => LIVE.has(t.status)) ? 2000 : 15_000),
    staleTime: 0,
  });
}

export function taskQuery(id: string) {
  return queryOptions({
    queryKey: taskKeys.one(id),
    queryFn: () => getJson<ConsoleTask>(`/tasks/${encodeURIComponent(id)}/json`),
    refetchInterval: (query) => (query.state.data && !LIVE.has(query.state.data.status) ? false : 2000),
    staleTime: 0,
  });
}
