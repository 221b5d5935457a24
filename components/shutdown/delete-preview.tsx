import { fmt } from "@/components/purge/typed-confirm";
import type { DeletePreview } from "./types";

const list = (users: string[]) => (users.length > 8 ? `${users.slice(0, 8).join(", ")} and ${users.length - 8} more` : users.join(", "));

/** Who would be removed, what would move, what would be deleted, and whether the room ends up blocked. */
export function DeletePreviewView({ preview }: { preview: DeletePreview }) {
  const m = preview.local_members;
  const rows = preview.purge ? Object.entries(preview.purge.rows).filter(([, n]) => n > 0) : [];
  const rowTotal = rows.reduce((sum, [, n]) => sum + n, 0);
  return (
    <section aria-labelledby="delete-preview-title" data-testid="delete-preview" className="space-y-2 rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800">
      <h2 id="delete-preview-title" className="text-lg font-semibold">Preview</h2>
      {preview.delete_in_progress && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          A delete of this room is already queued or running (task {preview.delete_in_progress}); another one would be refused.
        </p>
      )}
      <ul className="list-disc space-y-1 pl-5">
        <li data-testid="preview-members">
          Local members removed: <strong>{fmt(m.join.length)}</strong> joined, <strong>{fmt(m.invite.length)}</strong> invited, <strong>{fmt(m.knock.length)}</strong> knocking
          {m.join.length > 0 ? ` (${list(m.join)})` : ""}. Members on other servers ({fmt(preview.remote_members)}) are not touched by this server.
        </li>
        <li>
          {preview.moved_to_notice_room.length > 0
            ? `Moved to the notice room: ${fmt(preview.moved_to_notice_room.length)} joined member${preview.moved_to_notice_room.length === 1 ? "" : "s"}.`
            : "Nobody is moved to a notice room."}
        </li>
        <li>
          Local aliases ({fmt(preview.local_aliases.length)}){preview.local_aliases.length > 0 ? `: ${preview.local_aliases.join(", ")}` : ""} —{" "}
          {preview.aliases_action === "move" ? "moved to the notice room." : preview.aliases_action === "delete" ? "deleted with the room." : "left in place."}
        </li>
        <li data-testid="preview-purge">
          {preview.purge
            ? `Deleted from the database: ${fmt(preview.purge.events)} events and ${fmt(rowTotal)} rows in ${rows.length} tables.`
            : "Nothing is deleted from the database: the room's history stays."}
        </li>
        <li data-testid="preview-blocked">
          {preview.blocked.after ? (preview.blocked.now ? "The room is already blocked and stays blocked." : "The room will be blocked: nobody on this server can join it again.") : "The room will not be blocked."}
        </li>
      </ul>
      {rows.length > 0 && (
        <details>
          <summary className="cursor-pointer">Rows per table</summary>
          <ul className="mt-1 grid grid-cols-1 gap-x-6 font-mono text-xs sm:grid-cols-2">
            {rows.map(([table, n]) => (
              <li key={table}>
                {table}: {fmt(n)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
