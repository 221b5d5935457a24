import type { Metadata } from "next";
import { connection } from "next/server";
import { forecastJob, listRetentionJobs, type JobForecast } from "@/server/retention";
import { JobsSchedule, ServerPolicy } from "@/components/retention/schedule";
import { RoomsByPolicy } from "@/components/retention/rooms-by-policy";
import { consoleCtx, requireRole } from "../_lib/session";
import { loadPolicyRooms, parsePolicyRoomsQuery } from "./load-rooms";

export const metadata: Metadata = { title: "Retention · Scrollback" };

/** Operators and admins: the server policy, the purge jobs' schedule and forecasts, rooms by policy. */
export default async function RetentionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireRole(["operator"]);
  await connection();
  const ctx = await consoleCtx(session);
  const query = parsePolicyRoomsQuery(await searchParams);
  const schedule = await listRetentionJobs(ctx, { lastRuns: 1 });
  const [forecastList, rooms] = await Promise.all([Promise.all(schedule.jobs.map((job) => forecastJob(ctx, job.key))), loadPolicyRooms(ctx, query)]);
  const forecasts = new Map<string, JobForecast>(forecastList.map((f) => [f.job, f]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Retention</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">How long rooms keep their history, when the purge jobs run and what they will delete. Edit a room&apos;s policy on its Retention tab.</p>
      </div>
      <ServerPolicy schedule={schedule} />
      <JobsSchedule jobs={schedule.jobs} forecasts={forecasts} />
      <RoomsByPolicy rooms={rooms.rooms} jobs={schedule.jobs} query={query} total={rooms.total} prevHref={rooms.prevHref} nextHref={rooms.nextHref} />
    </div>
  );
}
