import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getTask } from "@/server/tasks";
import { TaskDetail } from "@/components/tasks/task-detail";
import { taskKeys } from "@/components/tasks/queries";
import { consoleTaskFor } from "../../_lib/task-policy";
import { decodeParam } from "../../_lib/params";
import { consoleCtx, requireRole } from "../../_lib/session";

export const metadata: Metadata = { title: "Task · Scrollback" };

export default async function TaskPage({ params }: { params: Promise<{ taskId: string }> }) {
  const session = await requireRole(["operator"]);
  await connection();
  const taskId = decodeParam((await params).taskId).slice(0, 64);
  const task = await getTask(await consoleCtx(session), taskId);
  if (!task) notFound();
  const queryClient = new QueryClient();
  queryClient.setQueryData(taskKeys.one(taskId), consoleTaskFor(session.role, task));
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href="/tasks" className="text-indigo-700 hover:underline dark:text-indigo-300">← All tasks</Link></p>
      <h1 className="break-all text-2xl font-semibold">Task <span className="font-mono">{taskId}</span></h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <TaskDetail taskId={taskId} />
      </HydrationBoundary>
    </div>
  );
}
