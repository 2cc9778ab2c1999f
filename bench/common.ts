/**
 * Shared by the benchmark suites: timing (best of repeated runs), the machine description, and the
 * two outputs: one JSON object per line as results come in, then a readable table.
 */
import * as os from 'node:os';
import * as fs from 'node:fs';

export interface BenchOptions {
  /** Minimum wall time spent per measured cell (after one warm-up run). */
  minMs: number;
  /** Extra arguments after the suite names (e.g. --compare). */
  flags: Set<string>;
}

/** Best wall time in ms of `f` over repeated runs lasting at least `minMs` in total (and ≥ 3 runs). */
export function bestMs(f: () => void, minMs: number): number {
  f();
  let best = Infinity;
  let total = 0;
  for (let runs = 0; total < minMs || runs < 3; runs++) {
    const t0 = performance.now();
    f();
    const dt = performance.now() - t0;
    total += dt;
    if (dt < best) best = dt;
  }
  return best;
}

export function machine(): { cpu: string; cores: number; node: string } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const lscpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/);
    if (lscpu) cpu = lscpu[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return { cpu, cores: os.availableParallelism(), node: process.version };
}

export function emit(record: object): void {
  process.stdout.write(JSON.stringify(record) + '\n');
}

/** A markdown table: first column = row label, then one column per header. */
export function table(corner: string, headers: string[], rows: Array<[string, Array<string | number | null>]>): string {
  const line = (cells: Array<string | number | null>): string => `| ${cells.map((c) => (c === null ? '—' : String(c))).join(' | ')} |`;
  return [
    line([corner, ...headers]),
    line([corner, ...headers].map(() => '---')),
    ...rows.map(([label, cells]) => line([label, ...cells])),
  ].join('\n');
}
