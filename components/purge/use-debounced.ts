import { useEffect, useState } from "react";

/** The value, once it has stopped changing for `ms` (so typing does not fire a preview per key). Primitives only. */
export function useDebounced<T extends string | number | boolean>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
