// How the console's browser side reads its JSON route handlers: errors come back as Matrix error
// JSON ({errcode, error}) and are thrown as ConsoleApiError for react-query to show.

export class ConsoleApiError extends Error {
  constructor(
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ConsoleApiError(String(body.errcode ?? "M_UNKNOWN"), String(body.error ?? response.statusText));
  return body as T;
}
