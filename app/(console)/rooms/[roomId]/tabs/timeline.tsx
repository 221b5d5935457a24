import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Timeline } from "@/components/rooms/timeline";
import { timelineQuery } from "@/components/rooms/queries";
import { readView } from "@/components/timeline/view";
import { loadTimelineStart } from "../timeline/load";
import { readTimelineSettings } from "../timeline/settings";
import type { RoomTab } from "./types";

export const timelineTab: RoomTab = {
  id: "timeline",
  label: "Timeline",
  roles: ["moderator", "operator"],
  render: async ({ roomId, session, ctx, searchParams }) => {
    // The first page comes from the core directly; the browser fetches the others through the route handler.
    const view = readView(searchParams);
    const queryClient = new QueryClient();
    const [settings] = await Promise.all([
      readTimelineSettings(ctx, session.userId),
      queryClient.prefetchInfiniteQuery({
        ...timelineQuery(roomId, view),
        queryFn: () => loadTimelineStart(ctx, { roomId, userId: session.userId, filter: view.filter, event: view.event, at: view.at }),
      }),
    ]);
    return (
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Timeline key={JSON.stringify(view)} roomId={roomId} initialView={view} initialBlur={settings.blur} isAdmin={session.role === "admin"} />
      </HydrationBoundary>
    );
  },
};
