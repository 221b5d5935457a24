"use client";
import type { RefObject } from "react";
import { formatAt, hasFilter, parseAt } from "../timeline/view";
import type { TimelineFilter, TimelineView } from "./types";

export interface TimelineToolbarProps {
  view: TimelineView;
  blur: boolean;
  jumpRef: RefObject<HTMLInputElement | null>;
  onView: (view: TimelineView) => void;
  onBlur: (blur: boolean) => void;
  onHelp: () => void;
}

const field = "w-full rounded-md border border-slate-400 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";
const button = "rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
const primary = "rounded-md bg-indigo-700 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-800 dark:bg-indigo-600 dark:hover:bg-indigo-500";
const split = (text: FormDataEntryValue | null) =>
  String(text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function readFilter(form: FormData): TimelineFilter {
  const filter: TimelineFilter = {};
  const types = split(form.get("types"));
  const notTypes = split(form.get("not_types"));
  const senders = split(form.get("senders"));
  if (types.length) filter.types = types;
  if (notTypes.length) filter.not_types = notTypes;
  if (senders.length) filter.senders = senders;
  if (form.get("contains_url") === "1") filter.contains_url = true;
  return filter;
}

function FilterForm({ view, onView }: Pick<TimelineToolbarProps, "view" | "onView">) {
  const f = view.filter;
  // Remount on every applied filter so the fields show what the URL says.
  const key = JSON.stringify(f);
  return (
    <form
      key={key}
      aria-label="Filter events"
      className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        onView({ ...view, filter: readFilter(new FormData(e.currentTarget)) });
      }}
    >
      <label className="text-xs text-slate-700 dark:text-slate-300">
        Event types
        <input name="types" defaultValue={f.types?.join(", ") ?? ""} placeholder="m.room.message, m.room.member" className={field} list="timeline-types" />
      </label>
      <label className="text-xs text-slate-700 dark:text-slate-300">
        Hide types
        <input name="not_types" defaultValue={f.not_types?.join(", ") ?? ""} placeholder="m.reaction" className={field} list="timeline-types" />
      </label>
      <label className="text-xs text-slate-700 dark:text-slate-300">
        Senders
        <input name="senders" defaultValue={f.senders?.join(", ") ?? ""} placeholder="@user:server" className={field} />
      </label>
      <label className="flex items-center gap-2 self-end text-sm">
        <input type="checkbox" name="contains_url" value="1" defaultChecked={f.contains_url ?? false} /> Only with links or files
      </label>
      <div className="flex gap-2 self-end">
        <button type="submit" className={primary}>Apply filters</button>
        {hasFilter(f) && (
          <button type="button" className={button} onClick={() => onView({ ...view, filter: {} })}>
            Clear
          </button>
        )}
      </div>
      <datalist id="timeline-types">
        {["m.room.message", "m.room.member", "m.reaction", "m.room.redaction", "m.room.name", "m.room.topic", "m.room.power_levels", "m.room.retention"].map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
    </form>
  );
}

// Uncontrolled fields with names the page reads: typed before hydration, they survive it, and
// submitted before it, the browser's own GET lands on the same view.
function JumpForm({ view, jumpRef, onView }: Pick<TimelineToolbarProps, "view" | "jumpRef" | "onView">) {
  return (
    <form
      aria-label="Jump to date"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const at = parseAt(String(new FormData(e.currentTarget).get("at") ?? ""));
        if (at !== null) onView({ ...view, event: null, at });
      }}
    >
      <label className="text-xs text-slate-700 dark:text-slate-300">
        Jump to date (UTC)
        <input ref={jumpRef} type="datetime-local" name="at" defaultValue={view.at !== null ? formatAt(view.at) : ""} className={field} />
      </label>
      <button type="submit" className={button}>Go</button>
      {(view.at !== null || view.event !== null) && (
        <button type="button" className={button} onClick={() => onView({ ...view, event: null, at: null })}>
          Newest
        </button>
      )}
    </form>
  );
}

/** Filters, jump to date, the blur setting and the shortcuts button above the timeline. */
export function TimelineToolbar({ view, blur, jumpRef, onView, onBlur, onHelp }: TimelineToolbarProps) {
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <FilterForm view={view} onView={onView} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <JumpForm key={view.at ?? "newest"} view={view} jumpRef={jumpRef} onView={onView} />
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={blur} onChange={(e) => onBlur(e.target.checked)} /> Blur message content
          </label>
          <button type="button" className={button} onClick={onHelp} aria-keyshortcuts="?">
            Keyboard shortcuts
          </button>
        </div>
      </div>
    </div>
  );
}
