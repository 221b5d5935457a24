// The one closed set of errors the core raises. Each transport maps them once:
// Matrix JSON for the HTTP APIs, {ok:false,error} for server actions.

export const ERROR_CODES = {
  M_FORBIDDEN: 403,
  M_UNKNOWN_TOKEN: 401,
  M_MISSING_TOKEN: 401,
  M_BAD_JSON: 400,
  M_NOT_JSON: 400,
  M_NOT_FOUND: 404,
  M_LIMIT_EXCEEDED: 429,
  M_UNRECOGNIZED: 404,
  M_UNKNOWN: 400,
  M_INVALID_PARAM: 400,
  M_MISSING_PARAM: 400,
  M_USER_IN_USE: 400,
  M_INVALID_USERNAME: 400,
  M_ROOM_IN_USE: 400,
  M_BAD_STATE: 400,
  M_INVALID_ROOM_STATE: 400,
  M_UNSUPPORTED_ROOM_VERSION: 400,
  M_USER_DEACTIVATED: 403,
  M_TOO_LARGE: 413,
  M_CONFLICT: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class MatrixError extends Error {
  readonly errcode: ErrorCode;
  readonly status: number;
  readonly extra: Record<string, unknown>;

  constructor(errcode: ErrorCode, message: string, options: { status?: number; extra?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "MatrixError";
    this.errcode = errcode;
    this.status = options.status ?? ERROR_CODES[errcode];
    this.extra = options.extra ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { errcode: this.errcode, error: this.message, ...this.extra };
  }
}

export const forbidden = (message: string) => new MatrixError("M_FORBIDDEN", message);
export const notFound = (message: string) => new MatrixError("M_NOT_FOUND", message);
export const badJson = (message: string) => new MatrixError("M_BAD_JSON", message);
export const invalidParam = (message: string) => new MatrixError("M_INVALID_PARAM", message);
export const unknown = (message: string, status = 400) => new MatrixError("M_UNKNOWN", message, { status });

export function isMatrixError(error: unknown): error is MatrixError {
  return error instanceof MatrixError;
}
