// CPU time of a process tree from /proc (Linux): how much work PostgreSQL did for a benchmark,
// a figure that, unlike throughput, does not fall when other work shares the machine.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

let ticks: number | null = null;
function ticksPerSecond(): number {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

function stat(pid: number): { ppid: number; self: number; children: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ").map(Number);
    // Fields 4 (ppid), 14-17 (utime, stime, cutime, cstime) of proc(5), counted from "state" = 3.
    const at = (field: number) => fields[field - 3] ?? 0;
    return { ppid: at(4), self: at(14) + at(15), children: at(16) + at(17) };
  } catch {
    return null;
  }
}

/** Milliseconds of CPU used so far by the PostgreSQL whose data directory is given (postmaster, its live and exited children); null off Linux. */
export function postgresCpuMs(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile) || !existsSync("/proc")) return null;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const root = stat(postmaster);
  if (!root) return null;
  let total = root.self + root.children;
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === postmaster) continue;
    const child = stat(pid);
    if (child?.ppid === postmaster) total += child.self;
  }
  return (total * 1000) / ticksPerSecond();
}
