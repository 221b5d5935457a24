import type { Metadata } from "next";
import { connection } from "next/server";
import { TasksView } from "@/components/tasks/tasks-view";
import { allows, requireRole } from "../_lib/session";

export const metadata: Metadata = { title: "Tasks · Scrollback" };

export default async function TasksPage() {
  const session = await requireRole(["operator"]);
  await connection();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Tasks</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Purges, room deletions and retention runs, newest first. Running tasks update by themselves.</p>
      </div>
      <TasksView canCancel={allows(session.role, ["operator"])} />
    </div>
  );
}
