/** A dynamic route segment as the id it names (room ids carry ! and :, which browsers may percent-encode). */
export function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
