"use client";
import type { DeleteOptions } from "./types";

const input = "mt-1 w-full max-w-xl rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

const FLAGS: Array<{ key: "block" | "purge" | "forcePurge"; label: string; api: string; help: string }> = [
  { key: "block", label: "Block the room", api: "block", help: "Nobody on this server can join or be invited to it again, even if it is recreated by another server." },
  { key: "purge", label: "Delete the room's data", api: "purge", help: "Removes its events, state and every other row from this database (only the block record stays). Off: members leave but the history stays readable here." },
  { key: "forcePurge", label: "Delete even if local users could not be removed", api: "force_purge", help: "Normally the data is kept when some local member is still in the room afterwards. Needs \"delete the room's data\"." },
];

/** Every option of the v2 delete API, each with what it does in plain words. */
export function OptionFields({ options, onChange }: { options: DeleteOptions; onChange: (next: DeleteOptions) => void }) {
  const set = <K extends keyof DeleteOptions>(key: K, value: DeleteOptions[K]) => onChange({ ...options, [key]: value });
  const notice = options.newRoomUserId.trim() !== "";
  return (
    <fieldset className="space-y-4">
      <legend className="text-lg font-semibold">Options</legend>
      {FLAGS.map((flag) => (
        <label key={flag.key} className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={options[flag.key]} disabled={flag.key === "forcePurge" && !options.purge} onChange={(e) => set(flag.key, e.target.checked)} className="mt-1" />
          <span>
            <span className="font-medium">{flag.label}</span> (<span className="font-mono">{flag.api}</span>)
            <span className="block text-slate-700 dark:text-slate-300">{flag.help}</span>
          </span>
        </label>
      ))}
      <div>
        <label htmlFor="delete-new-room-user" className="block text-sm font-medium">
          Notice room creator (<span className="font-mono">new_room_user_id</span>)
        </label>
        <input id="delete-new-room-user" value={options.newRoomUserId} onChange={(e) => set("newRoomUserId", e.target.value)} placeholder="@admin:example.org — empty for no notice room" className={`${input} font-mono`} aria-describedby="delete-new-room-user-help" />
        <p id="delete-new-room-user-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          A local user who creates a new room, moves every joined local member into it and posts the message below; the room&apos;s local aliases move there too. Empty: members just leave.
        </p>
      </div>
      <div>
        <label htmlFor="delete-room-name" className="block text-sm font-medium">
          Notice room name (<span className="font-mono">room_name</span>)
        </label>
        <input id="delete-room-name" value={options.roomName} disabled={!notice} onChange={(e) => set("roomName", e.target.value)} className={input} />
      </div>
      <div>
        <label htmlFor="delete-message" className="block text-sm font-medium">
          Message in the notice room (<span className="font-mono">message</span>)
        </label>
        <textarea id="delete-message" value={options.message} disabled={!notice} rows={3} onChange={(e) => set("message", e.target.value)} className={input} />
      </div>
    </fieldset>
  );
}
