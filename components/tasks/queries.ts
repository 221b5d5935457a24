import { queryOptions } from "@tanstack/react-query";
import { getJson } from "@/components/fetch-json";
import { taskCursorParam, taskFilterSearch, type TaskCursor, type TaskFilters } from "./params";
import { LIVE, type ConsoleTask } from "./types";

// ['tasks', 'list', filters] and ['tasks', id]; live tasks are polled until they finish.
export const taskKeys = {
  all: ["tasks"] as const,
  list: (filters: TaskFilters, before: string | null) => ["tasks", "list", filters, before] as const,
  one: (id: string) => ["tasks", id] as const,
};

/** The feed's URL: the filters, and the page's cursor when it is not the newest page. */
export function taskFeedUrl(filters: TaskFilters, before: TaskCursor | null): string {
  const search = new URLSearchParams(taskFilterSearch(filters));
  if (before) search.set("before", taskCursorParam(before));
  const text = search.toString();
  return `/tasks/feed${text ? `?${text}` : ""}`;
}

/** Polls every 2 s while a listed task is scheduled or active, every 15 s otherwise (new tasks appear). */
export function tasksQuery(filters: TaskFilters, before: TaskCursor | null = null) {
  return queryOptions({
    queryKey: taskKeys.list(filters, before ? taskCursorParam(before) : null),
    queryFn: () => getJson<{ tasks: ConsoleTask[]; next: string | null }>(taskFeedUrl(filters, before)),
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
