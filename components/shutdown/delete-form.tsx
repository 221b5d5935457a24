"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { requestDeleteAction } from "@/app/(console)/rooms/[roomId]/delete/actions";
import { TypedConfirm } from "@/components/purge/typed-confirm";
import { useDebounced } from "@/components/purge/use-debounced";
import { deleteKeys, deletePreviewQuery } from "./queries";
import { DeletePreviewView } from "./delete-preview";
import { OptionFields } from "./option-fields";
import { PRESETS, presetOptions, type PresetId } from "./presets";
import type { DeleteOptions } from "./types";

/** Preset, options, preview and a typed confirmation of the room's name (or id), then one delete task. */
export function DeleteForm({ roomId, roomLabel, adminUserId }: { roomId: string; roomLabel: string; adminUserId: string }) {
  const queryClient = useQueryClient();
  const [preset, setPreset] = useState<PresetId>("cleanup");
  const [options, setOptions] = useState<DeleteOptions>(presetOptions("cleanup", adminUserId));
  const [typed, setTyped] = useState("");
  const user = useDebounced(options.newRoomUserId.trim());
  const previewInput = { block: options.block, purge: options.purge, newRoomUserId: user };
  const preview = useQuery(deletePreviewQuery(roomId, previewInput));
  const submit = useMutation({
    mutationFn: async () => {
      const result = await requestDeleteAction({ roomId, ...options });
      if (!result.ok) throw new Error(result.error.message);
      return result.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deleteKeys.task(roomId) }),
  });
  const ready = preview.isSuccess && !preview.isFetching && user === options.newRoomUserId.trim();
  const blockedBy = !ready ? "Waiting for the preview of these options…" : typed.trim() !== roomLabel ? "Type the room's name to confirm." : null;

  const choose = (id: PresetId) => {
    setPreset(id);
    setOptions(presetOptions(id, adminUserId));
  };
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blockedBy) submit.mutate();
      }}
    >
      <fieldset>
        <legend className="text-lg font-semibold">What do you want to do?</legend>
        <div className="mt-2 grid grid-cols-1 gap-3 md:grid-cols-2">
          {PRESETS.map((p) => (
            <label key={p.id} className={`block cursor-pointer rounded-lg border p-3 text-sm ${preset === p.id ? "border-indigo-600 ring-2 ring-indigo-600" : "border-slate-300 dark:border-slate-700"}`}>
              <span className="flex items-center gap-2 font-medium">
                <input type="radio" name="preset" value={p.id} checked={preset === p.id} onChange={() => choose(p.id)} />
                {p.label}
              </span>
              <span className="mt-1 block text-slate-700 dark:text-slate-300">{p.description}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <OptionFields options={options} onChange={setOptions} />
      {preview.isError && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">No preview: {preview.error.message}</p>}
      {preview.data ? <DeletePreviewView preview={preview.data} /> : !preview.isError && <p className="text-sm text-slate-600 dark:text-slate-400">Loading the preview…</p>}
      <TypedConfirm id="delete-confirm" expected={roomLabel} value={typed} onChange={setTyped} reason="Deleting a room cannot be undone." />
      {submit.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not start the delete: {submit.error.message}</p>}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={blockedBy !== null || submit.isPending} className="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50">
          {submit.isPending ? "Starting…" : "Delete room"}
        </button>
        {blockedBy && <span className="text-sm text-slate-600 dark:text-slate-400">{blockedBy}</span>}
      </div>
    </form>
  );
}
