"use client";

/** Typing the room's name (or id) before a large destructive action: the blast radius asks for it. */
export function TypedConfirm({ id, expected, value, onChange, reason }: { id: string; expected: string; value: string; onChange: (v: string) => void; reason: string }) {
  return (
    <div className="rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950">
      <label htmlFor={id} className="block text-sm font-medium text-red-900 dark:text-red-100">
        {reason} Type <span className="font-mono font-semibold">{expected}</span> to confirm.
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        className="mt-2 w-full max-w-md rounded-md border border-slate-300 bg-white px-3 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
      />
    </div>
  );
}

/** A determinate progress bar with its numbers in words for screen readers. */
export function ProgressBar({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div>
      <div className="flex justify-between text-sm">
        <span className="font-medium">{label}</span>
        <span className="tabular-nums">{pct}%</span>
      </div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max || 1} aria-valuenow={Math.min(value, max || 1)} aria-valuetext={text} className="mt-1 h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
        <div className="h-full rounded-full bg-indigo-600 transition-[width] dark:bg-indigo-400" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" aria-live="polite">{text}</p>
    </div>
  );
}

export const fmt = (n: number) => n.toLocaleString("en");
