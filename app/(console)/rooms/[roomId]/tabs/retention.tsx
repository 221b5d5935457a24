import { forecastRoom, listRetentionJobs } from "@/server/retention";
import { PolicyEditor } from "@/components/retention/policy-editor";
import { RoomRetentionSummary } from "@/components/retention/room-retention";
import { RunNowButton } from "@/components/retention/run-now-button";
import type { RoomTab } from "./types";

export const retentionTab: RoomTab = {
  id: "retention",
  label: "Retention",
  roles: ["operator"],
  render: async ({ roomId, ctx }) => {
    const [forecast, schedule] = await Promise.all([forecastRoom(ctx, roomId), listRetentionJobs(ctx, { lastRuns: 0 })]);
    const job = schedule.jobs.find((j) => j.key === forecast.room.job) ?? null;
    const own = forecast.room.room;
    return (
      <div className="space-y-4">
        <RoomRetentionSummary forecast={forecast} job={job} />
        <PolicyEditor roomId={roomId} current={own ? { minLifetime: own.minLifetime, maxLifetime: own.maxLifetime } : null} allowed={schedule.allowed_lifetime} />
        {schedule.enabled && <RunNowButton roomId={roomId} events={forecast.preview?.delete.total ?? 0} />}
      </div>
    );
  },
};
