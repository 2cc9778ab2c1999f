/**
 * The one error type of the engine. Every check that rejects user input throws an MlpError whose
 * `code` says what kind of problem it is and whose message names the argument, flag or file and
 * what would be valid. The CLI prints `error: <message>` and exits with code 2; nothing else
 * escapes as a stack trace.
 */
export type MlpErrorCode =
  | 'BAD_ARGUMENT' // a value out of range or of the wrong kind
  | 'BAD_SHAPE' // tensors whose shapes do not fit together
  | 'BAD_CONFIG' // a combination of options that cannot work
  | 'BAD_FILE' // a file that exists but cannot be parsed
  | 'NOT_FOUND' // a file or folder that does not exist
  | 'NOT_BUILT' // a model used before it was built or compiled
  | 'DIVERGED' // the loss became NaN or infinite
  | 'INTERRUPTED'; // training stopped by a signal

export class MlpError extends Error {
  readonly code: MlpErrorCode;
  constructor(code: MlpErrorCode, message: string) {
    super(message);
    this.name = 'MlpError';
    this.code = code;
  }
}

/** Throws BAD_ARGUMENT unless `ok`; keeps argument checks to one line each. */
export function check(ok: boolean, message: string, code: MlpErrorCode = 'BAD_ARGUMENT'): asserts ok {
  if (!ok) throw new MlpError(code, message);
}

/** True for a finite number (not NaN, not ±Infinity). */
export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
