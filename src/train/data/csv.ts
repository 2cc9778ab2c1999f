/**
 * CSV in the Kaggle "Digit Recognizer" layout: one example per line, the label first, then the
 * pixel columns (`label,pixel0,…,pixel783`). A CSV without the label column is prediction input.
 *
 * Conventions (one rule each, decided for the whole file):
 * - Header: the first line is a header when its first cell is not a number (`label`, `pixel0`).
 * - Scale: if any pixel cell contains a decimal point or an exponent (`0.5`, `1e-3`), the file holds
 *   floats already in 0..1 and is kept as a Float32Array; otherwise every pixel is an integer
 *   0..255 and the file is kept as bytes (scaled by 1/255 per batch, like IDX and npz).
 * - Anything else (empty cells, words, NaN, ±Inf, values outside the range, ragged rows) is an
 *   error naming the file, line and column. Blank lines are skipped; CRLF and a UTF-8 BOM are fine.
 */
import { createDataset, type Dataset } from './dataset';
import { featureShapeOf, fail, readDataFile } from './files';

export interface CsvOptions {
  /** Labels must lie in 0..numClasses-1 (default 10). */
  numClasses?: number;
}

/** Pixels of an unlabelled CSV (prediction input). */
export interface FeatureSet {
  x: Uint8Array | Float32Array;
  n: number;
  featureShape: number[];
  featureSize: number;
  source: string;
}

const COMMA = 44;
const NEWLINE = 10;
const CR = 13;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAN_WORDS = new Set(['nan', '+nan', '-nan']);
const INF_WORDS = new Set(['inf', '+inf', 'infinity', '+infinity', '-inf', '-infinity']);

interface Line {
  start: number;
  end: number;
  number: number; // 1-based line number in the file
}

function text(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end).trim();
}

function quote(cell: string): string {
  return JSON.stringify(cell.length > 24 ? `${cell.slice(0, 24)}…` : cell);
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 32 && bytes[i] !== 9 && bytes[i] !== CR) return false;
  return true;
}

/** The non-blank lines of the file (CR stripped, BOM skipped). */
function splitLines(bytes: Buffer): Line[] {
  const lines: Line[] = [];
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let number = 1;
  for (let i = start; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === NEWLINE) {
      let end = i;
      if (end > start && bytes[end - 1] === CR) end--;
      if (!isBlank(bytes, start, end)) lines.push({ start, end, number });
      start = i + 1;
      number++;
    }
  }
  return lines;
}

/** The cells of a line as [start, end) byte ranges. */
function cellRanges(bytes: Buffer, line: Line): number[] {
  const ranges = [line.start];
  for (let i = line.start; i < line.end; i++) if (bytes[i] === COMMA) ranges.push(i, i + 1);
  ranges.push(line.end);
  return ranges;
}

/** True when a cell reads as a number, including the NaN / Inf spellings (which are rejected later, with a clearer message). */
function isNumberLike(cell: string): boolean {
  const lower = cell.toLowerCase();
  return NUMBER.test(cell) || NAN_WORDS.has(lower) || INF_WORDS.has(lower);
}

/** The value of one cell: plain digits on a fast path, anything else through the strict number pattern. */
function cellValue(bytes: Buffer, start: number, end: number, file: string, line: number, column: number): number {
  let v = 0;
  let i = start;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (i === end && end > start && end - start < 16) return v;
  const cell = text(bytes, start, end);
  const where = `line ${line}, column ${column}`;
  if (cell === '') fail(file, `${where}: empty cell`);
  if (NUMBER.test(cell)) return Number(cell);
  const lower = cell.toLowerCase();
  if (NAN_WORDS.has(lower)) return NaN;
  if (INF_WORDS.has(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  fail(file, `${where}: cell ${quote(cell)} is not a number`);
}

/** True when any pixel cell of the data lines holds a '.', 'e' or 'E' (the file is then read as 0..1 floats). */
function hasDecimals(bytes: Buffer, lines: Line[], skipLabel: boolean): boolean {
  for (const line of lines) {
    let start = line.start;
    if (skipLabel) while (start < line.end && bytes[start] !== COMMA) start++;
    for (let i = start; i < line.end; i++) {
      const c = bytes[i];
      if (c === 46 || c === 101 || c === 69) return true;
    }
  }
  return false;
}

interface Parsed {
  x: Uint8Array | Float32Array;
  labels: Uint8Array | null;
  n: number;
  featureSize: number;
}

/** Parses CSV bytes; `labelled` says whether the first column is the label. */
export function parseCsv(bytes: Buffer, file: string, labelled: boolean | 'auto', numClasses = 10): Parsed {
  const lines = splitLines(bytes);
  if (lines.length === 0) fail(file, 'has no rows (only blank lines)');
  const firstCells = cellRanges(bytes, lines[0]);
  const header = !isNumberLike(text(bytes, firstCells[0], firstCells[1]));
  const withLabel = labelled === 'auto' ? header && text(bytes, firstCells[0], firstCells[1]).toLowerCase() === 'label' : labelled;
  const data = header ? lines.slice(1) : lines;
  if (data.length === 0) fail(file, `has a header (line ${lines[0].number}) but no data rows`);
  const columns = firstCells.length / 2;
  const offset = withLabel ? 1 : 0;
  const featureSize = columns - offset;
  if (featureSize < 1)
    fail(file, `line ${lines[0].number} has ${columns} column(s); expected the label followed by at least one pixel column`);
  const floats = hasDecimals(bytes, data, withLabel);
  const max = floats ? 1 : 255;
  const range = floats ? '0..1 (the file has decimal values, so pixels are read as 0..1 floats)' : '0..255 (integer pixels)';
  const n = data.length;
  const x = floats ? new Float32Array(n * featureSize) : new Uint8Array(n * featureSize);
  const labels = withLabel ? new Uint8Array(n) : null;
  for (let r = 0; r < n; r++) {
    const line = data[r];
    const cells = cellRanges(bytes, line);
    if (cells.length !== columns * 2) {
      fail(file, `line ${line.number} has ${cells.length / 2} cells but line ${lines[0].number} has ${columns} (ragged rows)`);
    }
    for (let c = 0; c < columns; c++) {
      const v = cellValue(bytes, cells[2 * c], cells[2 * c + 1], file, line.number, c + 1);
      const where = `line ${line.number}, column ${c + 1}`;
      if (labels !== null && c === 0) {
        if (!Number.isInteger(v) || v < 0) fail(file, `${where}: label ${v} is not a class index (a non-negative integer)`);
        if (v >= numClasses)
          fail(file, `${where}: label ${v} is outside 0..${numClasses - 1} (pass numClasses if the data set has more classes)`);
        labels[r] = v;
        continue;
      }
      if (Number.isNaN(v)) fail(file, `${where}: pixel is NaN`);
      if (!Number.isFinite(v)) fail(file, `${where}: pixel is ${v}, not a finite number`);
      if (v < 0 || v > max || (!floats && !Number.isInteger(v))) fail(file, `${where}: pixel ${v} is outside ${range}`);
      x[r * featureSize + c - offset] = v;
    }
  }
  return { x, labels, n, featureSize };
}

/** A labelled data set from a CSV file (label first, then pixels). */
export function loadCsv(file: string, opts: CsvOptions = {}): Dataset {
  const numClasses = opts.numClasses ?? 10;
  const p = parseCsv(readDataFile(file, 'CSV file'), file, true, numClasses);
  return createDataset({
    x: p.x,
    labels: p.labels as Uint8Array,
    n: p.n,
    featureShape: featureShapeOf(p.featureSize),
    featureSize: p.featureSize,
    numClasses,
    source: file,
  });
}

/**
 * Pixels only, for prediction. `hasLabel: 'auto'` (default) skips the first column when the file
 * has a header whose first cell is `label`; pass true/false to decide explicitly.
 */
export function loadCsvFeatures(file: string, opts: { hasLabel?: boolean | 'auto' } = {}): FeatureSet {
  const p = parseCsv(readDataFile(file, 'CSV file'), file, opts.hasLabel ?? 'auto', 256);
  return { x: p.x, n: p.n, featureShape: featureShapeOf(p.featureSize), featureSize: p.featureSize, source: file };
}
