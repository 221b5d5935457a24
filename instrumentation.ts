// Boots the instance (database, migrations, background services) when the server starts, not on
// the first request. The Node-only part is imported behind the runtime check: this file is also
// compiled for the edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { getApp } = await import("./server/app");
  await getApp();
}
