import { connection } from "next/server";

export default async function Home() {
  await connection();
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">Scrollback</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">Room-history console for Matrix servers.</p>
    </main>
  );
}
