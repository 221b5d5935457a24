import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { paginateRoom } from "@/server/pagination";
import { Timeline } from "@/components/rooms/timeline";
import { timelineQuery } from "@/components/rooms/queries";
import type { TimelinePage } from "@/components/rooms/types";
import type { RoomTab } from "./types";

export const timelineTab: RoomTab = {
  id: "timeline",
  label: "Timeline",
  roles: ["moderator", "operator"],
  render: async ({ roomId, session, ctx }) => {
    // The first page comes from the core directly; the browser fetches older pages through the route handler.
    const queryClient = new QueryClient();
    await queryClient.prefetchInfiniteQuery({
      ...timelineQuery(roomId),
      queryFn: async () => (await paginateRoom(ctx, { roomId, viewer: { admin: true, userId: session.userId }, dir: "b", limit: 50 })) as unknown as TimelinePage,
    });
    return (
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Timeline roomId={roomId} />
      </HydrationBoundary>
    );
  },
};
