/**
 * Flag value parsers shared by the commands. Each turns the text of a flag into a value or throws
 * commander's InvalidArgumentError, which the CLI prints as one line naming the flag and its value.
 */
import { InvalidArgumentError } from 'commander';

export function parseNumber(text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError('expected a number.');
  return x;
}

export function parseInteger(text: string): number {
  const x = parseNumber(text);
  if (!Number.isInteger(x)) throw new InvalidArgumentError('expected an integer.');
  return x;
}

/** A rate in [0, 1), e.g. a dropout rate. */
export function parseRate(text: string): number {
  const x = parseNumber(text);
  if (x < 0 || x >= 1) throw new InvalidArgumentError('expected a rate in [0, 1), e.g. 0.2.');
  return x;
}

/** An integer, or 'all' (no limit). */
export function parseSizeOrAll(text: string): number | 'all' {
  return text === 'all' ? 'all' : parseInteger(text);
}

/** `784-256-256-10`, `256,256` or `256x256` → [784, 256, 256, 10] / [256, 256]; `none` or '' → []. */
export function parseSizes(text: string): number[] {
  if (text === 'none' || text.trim() === '') return [];
  return text.split(/[-,x ]+/).map((part) => {
    const x = Number(part);
    if (!Number.isInteger(x) || x <= 0)
      throw new InvalidArgumentError(`'${part}' is not a positive layer size (write e.g. 784-256-256-10 or 256,256).`);
    return x;
  });
}

/** `5,25` → [5, 25]. */
export function parsePair(text: string): [number, number] {
  const parts = text.split(',').map((p) => parseNumber(p));
  if (parts.length !== 2) throw new InvalidArgumentError('expected two numbers, e.g. 5,25.');
  return [parts[0], parts[1]];
}

/** Accumulates a repeatable flag (`--run A --run B`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** 0, 1 or 2. */
export function parseVerbose(text: string): 0 | 1 | 2 {
  if (!['0', '1', '2'].includes(text)) throw new InvalidArgumentError('expected 0 (silent), 1 (progress bar) or 2 (one line per epoch).');
  return Number(text) as 0 | 1 | 2;
}
