/**
 * Reading optimizer and schedule options: one place that checks a value and words the message a
 * user sees ("Adam: beta1 must be a number in [0, 1), got 1.2"). Unknown option names are refused,
 * as Keras 3 does ("Argument(s) not recognized"), so a typo such as the lecture's `lr=` cannot be
 * silently ignored.
 */
import { MlpError, check, isFiniteNumber } from '../tensor/errors';

export type Options = Record<string, unknown>;

/**
 * Where Keras 3 and PyTorch compute the same idea differently (ε placement, where lr sits in a
 * momentum buffer), an option `epsilonConvention` / `momentumConvention` picks one; 'keras' is the
 * default and 'pytorch' reproduces torch.optim. Each optimizer file says what it changes.
 */
export type Convention = 'keras' | 'pytorch';
export const CONVENTIONS: readonly Convention[] = ['keras', 'pytorch'];

/** An interval; `minOpen`/`maxOpen` exclude the end point. */
export interface Interval {
  min: number;
  max: number;
  minOpen?: boolean;
  maxOpen?: boolean;
}

export const NON_NEGATIVE: Interval = { min: 0, max: Infinity };
export const POSITIVE: Interval = { min: 0, max: Infinity, minOpen: true };
export const UNIT_OPEN: Interval = { min: 0, max: 1, maxOpen: true }; // [0, 1): rho, beta1, beta2
export const UNIT_CLOSED: Interval = { min: 0, max: 1 }; // [0, 1]: momentum, dampening

function describe(r: Interval): string {
  if (r.max === Infinity) return r.minOpen ? `> ${r.min}` : `>= ${r.min}`;
  return `in ${r.minOpen ? '(' : '['}${r.min}, ${r.max}${r.maxOpen ? ')' : ']'}`;
}

function inside(x: number, r: Interval): boolean {
  const aboveMin = r.minOpen ? x > r.min : x >= r.min;
  const belowMax = r.maxOpen ? x < r.max : x <= r.max;
  return aboveMin && belowMax;
}

/** Throws BAD_ARGUMENT for any key of `options` not in `known`, listing the valid names. */
export function rejectUnknown(owner: string, options: Options, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (options[key] === undefined || known.includes(key)) continue;
    const hint = key === 'lr' ? ' (Keras 3 name: learningRate)' : '';
    throw new MlpError('BAD_ARGUMENT', `${owner}: unknown option '${key}'${hint}; valid options: ${known.join(', ')}`);
  }
}

/** The number `options[name]`, or `fallback` when absent (required when `fallback` is undefined); throws unless it lies in `range`. */
export function numberOption(owner: string, options: Options, name: string, fallback: number | undefined, range: Interval): number {
  const value = options[name] ?? fallback;
  if (value === undefined) throw new MlpError('BAD_ARGUMENT', `${owner}: ${name} is required (a number ${describe(range)})`);
  if (!isFiniteNumber(value) || !inside(value, range)) {
    throw new MlpError('BAD_ARGUMENT', `${owner}: ${name} must be a number ${describe(range)}, got ${String(value)}`);
  }
  return value;
}

export function booleanOption(owner: string, options: Options, name: string, fallback: boolean): boolean {
  const value = options[name] ?? fallback;
  if (typeof value !== 'boolean') {
    throw new MlpError('BAD_ARGUMENT', `${owner}: ${name} must be true or false, got ${String(value)}`);
  }
  return value;
}

/** One of the strings in `choices`, or `choices[0]` when absent. */
export function choiceOption<T extends string>(owner: string, options: Options, name: string, choices: readonly T[]): T {
  const value = options[name] ?? choices[0];
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new MlpError('BAD_ARGUMENT', `${owner}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${String(value)}`);
  }
  return value as T;
}

/** beta1, beta2 and ε of the Adam family (Adam, AdamW, Adamax, Nadam), Keras 3 defaults. */
export function momentOptions(owner: string, options: Options): { beta1: number; beta2: number; epsilon: number } {
  return {
    beta1: numberOption(owner, options, 'beta1', 0.9, UNIT_OPEN),
    beta2: numberOption(owner, options, 'beta2', 0.999, UNIT_OPEN),
    epsilon: numberOption(owner, options, 'epsilon', 1e-7, NON_NEGATIVE),
  };
}

/** Reads a non-negative integer option (patience, cooldown, batchSize, …). */
export function countOption(owner: string, o: Options, name: string, fallback: number): number {
  const value = numberOption(owner, o, name, fallback, NON_NEGATIVE);
  check(Number.isInteger(value), `${owner}: ${name} must be an integer >= 0, got ${value}`);
  return value;
}
