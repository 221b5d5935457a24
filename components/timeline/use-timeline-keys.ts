"use client";
import { useEffect, type RefObject } from "react";

export interface TimelineKeyHandlers {
  list: RefObject<HTMLOListElement | null>;
  /** Enter or o on a focused event. */
  onRaw: (eventId: string) => void;
  /** g: focus the jump-to-date field. */
  onJump: () => void;
  /** ?: show the shortcuts. */
  onHelp: () => void;
  /** j past the last loaded event. */
  onEnd: () => void;
}

export const SHORTCUTS: Array<[string, string]> = [
  ["j", "Next (older) event"],
  ["k", "Previous (newer) event"],
  ["Enter or o", "Show or hide the focused event's raw JSON"],
  ["g", "Jump to a date"],
  ["?", "Show these shortcuts"],
  ["Esc", "Close this help"],
];

/** Typing in a field, or a key with a modifier, is never a shortcut. */
function ignored(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.closest("dialog[open]") !== null;
}

function rows(list: HTMLOListElement): HTMLElement[] {
  return Array.from(list.querySelectorAll<HTMLElement>(":scope > li[data-event-id]"));
}

/** The row holding focus, else the linked event, else the first row on screen. */
function currentIndex(all: HTMLElement[]): number {
  const active = document.activeElement?.closest("li[data-event-id]");
  const focused = all.findIndex((row) => row === active);
  if (focused >= 0) return focused;
  const anchor = all.findIndex((row) => row.dataset.anchor !== undefined);
  if (anchor >= 0) return anchor;
  const visible = all.findIndex((row) => row.getBoundingClientRect().bottom > 0);
  return visible >= 0 ? visible - 1 : -1;
}

/** j/k between events (focus ring on the row), Enter/o raw JSON, g jump to date, ? help. */
export function useTimelineKeys(handlers: TimelineKeyHandlers): void {
  const { list, onRaw, onJump, onHelp, onEnd } = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (ignored(event) || !list.current) return;
      const all = rows(list.current);
      const activeRow = document.activeElement instanceof HTMLElement && document.activeElement.matches("li[data-event-id]") ? document.activeElement : null;
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        const i = currentIndex(all);
        const next = event.key === "j" ? i + 1 : Math.max(i - 1, 0);
        const row = all[next];
        if (row) {
          row.focus({ preventScroll: true });
          row.scrollIntoView({ block: "nearest" });
        }
        if (event.key === "j" && next >= all.length - 5) onEnd();
      } else if ((event.key === "Enter" || event.key === "o") && activeRow?.dataset.eventId) {
        event.preventDefault();
        onRaw(activeRow.dataset.eventId);
      } else if (event.key === "g") {
        event.preventDefault();
        onJump();
      } else if (event.key === "?") {
        event.preventDefault();
        onHelp();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [list, onRaw, onJump, onHelp, onEnd]);
}
