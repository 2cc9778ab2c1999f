/**
 * `terminalCurve`: one history series as a text chart (asciichart) for the console, e.g. the loss
 * printed at the end of `mlp train`. One column per epoch, left to right from epoch 1; longer
 * series are thinned to MAX_COLUMNS evenly spaced epochs (the first and the last kept) so a line
 * fits a terminal. NaN and ±Infinity cannot be placed on the axis, so they are dropped and counted
 * in the header line.
 */
import { plot } from 'asciichart';
import { check } from '../../tensor/errors';

const MAX_COLUMNS = 100;
const LABEL_WIDTH = 10;

function format(x: number): string {
  return x.toPrecision(4).padStart(LABEL_WIDTH);
}

/** Indices 0..n-1 thinned to at most `max` evenly spaced ones, keeping the first and the last. */
function thin(n: number, max: number): number[] {
  const count = Math.min(n, max);
  if (count === 1) return [0];
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

export function terminalCurve(values: number[], opts: { height?: number; label?: string } = {}): string {
  const height = opts.height ?? 10;
  check(Array.isArray(values), 'terminalCurve: values must be an array of numbers');
  check(Number.isInteger(height) && height >= 1 && height <= 100, `terminalCurve: height must be an integer in [1, 100], got ${height}`);
  const epochs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) epochs.push(i);
  const dropped = values.length - epochs.length;
  const shown = thin(epochs.length, MAX_COLUMNS).map((k) => values[epochs[k]]);
  let header = `${opts.label ?? 'value'}: ${values.length} epoch${values.length === 1 ? '' : 's'}`;
  if (values.length > 0) header += `, last ${format(values[values.length - 1]).trim()}`;
  if (shown.length < epochs.length) header += `, ${shown.length} of them shown`;
  if (dropped > 0) header += `, ${dropped} not finite (NaN/Inf) dropped`;
  if (shown.length === 0) return `${header}\n(no finite values to draw)`;
  // A flat series has a zero range, for which asciichart labels its one row with a rounded integer.
  const flat = shown.every((v) => v === shown[0]);
  return `${header}\n${plot(shown, { height, format: flat ? () => format(shown[0]) : format })}`;
}
