/**
 * The progress display of fit: Keras 3 `ProgbarLogger` and `Progbar` (keras/src/utils/progbar.py),
 * reference/MATH.md §14.
 *
 *   Epoch i/N                                                   (printed only when N > 1)
 *   84/84 ━━━━━━━━━━━━━━━━━━━━ 1s 6ms/step - accuracy: 0.5901 - loss: 1.4000 - val_accuracy: … - val_loss: …
 *
 *   count  = current right-aligned to the digits of target, "/", target      (bold on a terminal)
 *   w      = ⌊20·current/target⌋:  w green '━', then 20 − w white '━'
 *   time   = ETA mid-epoch (Ns, m:ss or h:mm:ss), elapsed seconds of the epoch at its end
 *   step   = seconds per step: mid-epoch (now − t₁)/(current − 1), the first step left out as Keras
 *            does; at the end, the epoch's training seconds / steps (validation not counted);
 *            written Ns, Nms or Nus per step
 *   values = ` - key: v`, keys in alphabetical order (as published Keras 3 logs show them),
 *            v with %.4f, or %.4e when |v| ≤ 1e-3 (nan, inf as Python prints them)
 *
 * verbose 1 on a terminal: the line is redrawn in place, at most every 100 ms, with the running
 * epoch means; verbose 1 elsewhere: only each epoch's final line, without colour codes;
 * verbose 2: one line per epoch, `84/84 - 1s - 6ms/step - accuracy: … - loss: …`.
 * The keys fit adds beyond Keras's (lr, penalty, seconds) are kept in History, not shown here.
 */
import { Callback, type Logs } from './callbacks/callback';

const WIDTH = 20;
const REDRAW_MS = 100;
const HIDDEN = new Set(['lr', 'penalty', 'seconds', 'size']);
const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const WHITE = '\x1b[37m';
const RESET = '\x1b[0m';

/** %.4f, or %.4e when |v| ≤ 1e-3, as Python formats them (two-digit exponent, nan, inf). */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Math.abs(v) > 1e-3) return v.toFixed(4);
  return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Seconds per step as Keras writes it: 2s/step, 6ms/step, 508us/step. */
export function formatStepTime(seconds: number): string {
  if (seconds >= 1 || seconds === 0) return `${seconds.toFixed(0)}s/step`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(0)}ms/step`;
  return `${(seconds * 1e6).toFixed(0)}us/step`;
}

/** Remaining time: 42s, 1:05, 1:02:03. */
export function formatEta(seconds: number): string {
  const s = Math.floor(seconds);
  const two = (k: number): string => String(k).padStart(2, '0');
  if (seconds > 3600) return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  if (seconds > 60) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${s}s`;
}

/** ` - accuracy: 0.5901 - loss: 1.4000 …` for the shown keys of `logs`, alphabetically. */
export function formatLogs(logs: Logs): string {
  const keys = Object.keys(logs)
    .filter((k) => !HIDDEN.has(k))
    .sort();
  let text = '';
  for (const k of keys) text += ` - ${k}: ${formatValue(logs[k])}`;
  return text;
}

function formatCount(current: number, target: number): string {
  const digits = Math.floor(Math.log10(target)) + 1;
  return `${String(current).padStart(digits)}/${target}`;
}

/** The verbose-1 line; `ansi` adds Keras's bold count and green/white bar. Returns [text, visible width]. */
export function barLine(current: number, target: number, time: string, stepTime: string, metrics: string, ansi: boolean): [string, number] {
  const count = formatCount(current, target);
  const done = Math.floor((WIDTH * current) / target);
  const green = '━'.repeat(done);
  const white = '━'.repeat(WIDTH - done);
  const plain = `${count} ${green}${white} ${time} ${stepTime}${metrics}`;
  if (!ansi) return [plain, plain.length];
  const bar = (done > 0 ? `${GREEN}${green}${RESET}` : '') + `${WHITE}${white}${RESET}`;
  return [`${BOLD}${count}${RESET} ${bar} ${BOLD}${time}${RESET} ${stepTime}${metrics}`, plain.length];
}

/** The verbose-2 line: `84/84 - 1s - 6ms/step - accuracy: …`. */
export function epochLine(steps: number, target: number, elapsed: number, stepTime: string, metrics: string): string {
  return `${formatCount(steps, target)} - ${elapsed.toFixed(0)}s - ${stepTime}${metrics}`;
}

/** fit adds one when verbose > 0, after the user's callbacks and History (as Keras does). */
export class ProgbarLogger extends Callback {
  private epochStart = 0;
  private firstStepEnd = 0;
  private lastDraw = -Infinity;
  private seen = 0;
  private prevWidth = 0;

  private get live(): boolean {
    return this.params.verbose === 1 && this.output.isTTY;
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    if (this.params.epochs > 1) this.print(`Epoch ${epoch + 1}/${this.params.epochs}`);
    this.epochStart = performance.now();
    this.lastDraw = -Infinity;
    this.seen = 0;
    this.prevWidth = 0;
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    this.seen = batch + 1;
    const now = performance.now();
    if (batch === 0) this.firstStepEnd = now;
    if (!this.live || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const current = this.seen;
    const target = this.params.steps;
    const perStep = current > 1 ? (now - this.firstStepEnd) / (current - 1) / 1e3 : (now - this.epochStart) / 1e3;
    this.draw(barLine(current, target, formatEta(perStep * (target - current)), formatStepTime(perStep), formatLogs(logs), true));
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    const elapsed = (performance.now() - this.epochStart) / 1e3;
    const target = this.params.steps;
    const stepTime = formatStepTime(this.seen > 0 && logs.seconds !== undefined ? logs.seconds / this.seen : 0);
    const metrics = formatLogs(logs);
    if (this.params.verbose === 2) {
      this.print(epochLine(this.seen, target, elapsed, stepTime, metrics));
      return;
    }
    const line = barLine(this.seen, target, `${elapsed.toFixed(0)}s`, stepTime, metrics, this.live);
    if (!this.live) {
      this.print(line[0]);
      return;
    }
    this.draw(line);
    this.output.endLine();
  }

  override onTrainEnd(_logs?: Logs): void {
    this.output.endLine();
  }

  /** Redraws in place, blank-padding over a longer previous line. */
  private draw([text, width]: [string, number]): void {
    this.output.redraw(text + ' '.repeat(Math.max(0, this.prevWidth - width)));
    this.prevWidth = width;
  }
}
