/**
 * Every error the tool reports on purpose carries a stable code (`KCS-…`) that the README's troubleshooting table
 * explains. Codes are written as string literals where the error is raised, so a test can collect them from src/.
 */
export type ErrorCategory = 'input' | 'scan' | 'cluster' | 'internal';

export interface KcsErrorOptions {
  /** What the user should do about it; printed after the message. */
  hint?: string;
  cause?: unknown;
  /** Decides the CLI exit code and the action's `result`: input → 2, everything else → 3 / `error`. */
  category?: ErrorCategory;
}

export class KcsError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly category: ErrorCategory;

  constructor(code: string, message: string, options: KcsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KcsError';
    this.code = code;
    this.hint = options.hint;
    this.category = options.category ?? 'scan';
  }

  /** One line for a log or an annotation: `KCS-X: message. hint`. */
  oneLine(): string {
    return `${this.code}: ${this.message}${this.hint ? ` ${this.hint}` : ''}`;
  }
}

/** An invalid input (a flag, an action input, a threshold or results file): exit code 2. */
export class InputError extends KcsError {
  constructor(code: string, message: string, options: Omit<KcsErrorOptions, 'category'> = {}) {
    super(code, message, { ...options, category: 'input' });
    this.name = 'InputError';
  }
}

/** What an unexpected thrown value becomes: its code, the context its message starts with, and its category. */
export interface Unexpected {
  code: string;
  /** The start of the message, before `: <what was thrown>`; for example `unexpected error`. */
  context: string;
  /** `internal` (a bug) unless the caller knows better. */
  category?: ErrorCategory;
}

/**
 * Turns anything thrown into a KcsError, so the caller always has a code to show: a KcsError as it is, any other
 * value (an Error, a string, undefined) as the `unexpected` code, with what was thrown in the message and as the cause.
 * The one place that does this; callers pass their own code and context.
 */
export function toKcsError(thrown: unknown, unexpected: Unexpected): KcsError {
  if (thrown instanceof KcsError) return thrown;
  return new KcsError(unexpected.code, `${unexpected.context}: ${describeError(thrown)}`, {
    cause: thrown,
    category: unexpected.category ?? 'internal',
  });
}

/** Describes any thrown value, Error or not, in one line (a thrown string must not pass silently). */
export function describeError(error: unknown): string {
  if (error instanceof KcsError) return error.oneLine();
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return `non-Error value thrown: ${JSON.stringify(error)}`;
  } catch {
    return `non-Error value thrown: ${String(error)}`;
  }
}
