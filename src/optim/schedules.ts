/**
 * Learning-rate schedules: lr as a function of step = updates already applied (0 at the first
 * update), as in Keras 3 `keras/src/optimizers/schedules/learning_rate_schedule.py`. Pass one as
 * `learningRate` to any optimizer; `optimizer.currentLearningRate()` shows the value in use.
 *
 *   InverseTimeDecay:        lr = initialLearningRate / (1 + decayRate·p)
 *   ExponentialDecay:        lr = initialLearningRate · decayRate^p
 *                            p = step / decaySteps, or ⌊step / decaySteps⌋ with staircase
 *                            (staircase ExponentialDecay is the classic "step decay")
 *   PiecewiseConstantDecay:  lr = values[k] for boundaries[k−1] < step ≤ boundaries[k]
 *   CosineDecay:             s = min(step, decaySteps)
 *                            lr = initialLearningRate·((1 − alpha)·½·(1 + cos(π·s / decaySteps)) + alpha)
 *                            with warmupTarget: first a linear ramp from initialLearningRate to
 *                            warmupTarget over warmupSteps, then the cosine from warmupTarget
 *
 * The legacy Keras `decay` option (lr / (1 + decay·iterations)) equals
 * InverseTimeDecay({initialLearningRate: lr, decaySteps: 1, decayRate: decay}).
 */
import { MlpError, check, isFiniteNumber } from '../tensor/errors';
import type { LearningRateSchedule } from './optimizer';
import { NON_NEGATIVE, POSITIVE, booleanOption, numberOption, rejectUnknown, type Options } from './options';

export interface DecayOptions {
  initialLearningRate: number;
  /** > 0. */
  decaySteps: number;
  /** >= 0. */
  decayRate: number;
  /** Default false. */
  staircase?: boolean;
}

function progress(step: number, decaySteps: number, staircase: boolean): number {
  const p = step / decaySteps;
  return staircase ? Math.floor(p) : p;
}

/** What InverseTimeDecay and ExponentialDecay share: options, p = step/decaySteps, config. */
abstract class DecaySchedule implements LearningRateSchedule {
  abstract readonly className: string;
  readonly config: Required<DecayOptions>;
  constructor(owner: string, options: DecayOptions) {
    const o = options as unknown as Options;
    rejectUnknown(owner, o, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
    this.config = {
      initialLearningRate: numberOption(owner, o, 'initialLearningRate', undefined, NON_NEGATIVE),
      decaySteps: numberOption(owner, o, 'decaySteps', undefined, POSITIVE),
      decayRate: numberOption(owner, o, 'decayRate', undefined, NON_NEGATIVE),
      staircase: booleanOption(owner, o, 'staircase', false),
    };
  }
  valueAt(step: number): number {
    const { initialLearningRate, decaySteps, decayRate, staircase } = this.config;
    return this.decayed(initialLearningRate, decayRate, progress(step, decaySteps, staircase));
  }
  protected abstract decayed(initialLearningRate: number, decayRate: number, p: number): number;
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

export class InverseTimeDecay extends DecaySchedule {
  readonly className = 'InverseTimeDecay';
  constructor(options: DecayOptions) {
    super('InverseTimeDecay', options);
  }
  protected decayed(initialLearningRate: number, decayRate: number, p: number): number {
    return initialLearningRate / (1 + decayRate * p);
  }
}

export class ExponentialDecay extends DecaySchedule {
  readonly className = 'ExponentialDecay';
  constructor(options: DecayOptions) {
    super('ExponentialDecay', options);
  }
  protected decayed(initialLearningRate: number, decayRate: number, p: number): number {
    return initialLearningRate * decayRate ** p;
  }
}

export interface PiecewiseConstantOptions {
  /** Strictly increasing steps. */
  boundaries: number[];
  /** One more value than boundaries. */
  values: number[];
}

export class PiecewiseConstantDecay implements LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];
  constructor(options: PiecewiseConstantOptions) {
    const owner = 'PiecewiseConstantDecay';
    rejectUnknown(owner, options as unknown as Options, ['boundaries', 'values']);
    const { boundaries, values } = options;
    check(Array.isArray(boundaries) && boundaries.every(isFiniteNumber), `${owner}: boundaries must be an array of numbers`);
    check(Array.isArray(values) && values.every((v) => isFiniteNumber(v) && v >= 0), `${owner}: values must be an array of numbers >= 0`);
    check(
      values.length === boundaries.length + 1,
      `${owner}: values must have one more entry than boundaries (got ${values.length} values, ${boundaries.length} boundaries)`,
    );
    for (let k = 1; k < boundaries.length; k++) {
      check(boundaries[k] > boundaries[k - 1], `${owner}: boundaries must be strictly increasing, got [${boundaries.join(', ')}]`);
    }
    this.boundaries = boundaries.slice();
    this.values = values.slice();
  }
  valueAt(step: number): number {
    let k = 0;
    while (k < this.boundaries.length && step > this.boundaries[k]) k++;
    return this.values[k];
  }
  getConfig(): Record<string, unknown> {
    return { boundaries: this.boundaries.slice(), values: this.values.slice() };
  }
}

export interface CosineDecayOptions {
  initialLearningRate: number;
  /** > 0. */
  decaySteps: number;
  /** Final lr as a fraction of the start, in [0, 1]. Default 0. */
  alpha?: number;
  /** Ramp linearly to this lr over warmupSteps before decaying. Default: no warm-up. */
  warmupTarget?: number | null;
  /** Default 0. */
  warmupSteps?: number;
}

export class CosineDecay implements LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly config: Required<CosineDecayOptions>;
  constructor(options: CosineDecayOptions) {
    const owner = 'CosineDecay';
    const o = options as unknown as Options;
    rejectUnknown(owner, o, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
    const warmupTarget = o.warmupTarget ?? null;
    check(
      warmupTarget === null || (isFiniteNumber(warmupTarget) && warmupTarget >= 0),
      `${owner}: warmupTarget must be a number >= 0 or null, got ${String(warmupTarget)}`,
    );
    this.config = {
      initialLearningRate: numberOption(owner, o, 'initialLearningRate', undefined, NON_NEGATIVE),
      decaySteps: numberOption(owner, o, 'decaySteps', undefined, POSITIVE),
      alpha: numberOption(owner, o, 'alpha', 0, { min: 0, max: 1 }),
      warmupTarget: warmupTarget as number | null,
      warmupSteps: numberOption(owner, o, 'warmupSteps', 0, NON_NEGATIVE),
    };
  }
  valueAt(step: number): number {
    const { initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps } = this.config;
    if (warmupTarget === null) return cosine(Math.min(step, decaySteps), decaySteps, initialLearningRate, alpha);
    const s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) return initialLearningRate + ((warmupTarget - initialLearningRate) * s) / warmupSteps;
    return cosine(s - warmupSteps, decaySteps, warmupTarget, alpha);
  }
  getConfig(): Record<string, unknown> {
    return { ...this.config };
  }
}

function cosine(s: number, decaySteps: number, from: number, alpha: number): number {
  const cosineDecayed = 0.5 * (1 + Math.cos((Math.PI * s) / decaySteps));
  return from * ((1 - alpha) * cosineDecayed + alpha);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ScheduleClass = new (options: any) => LearningRateSchedule;
const schedules: Record<string, ScheduleClass> = { InverseTimeDecay, ExponentialDecay, PiecewiseConstantDecay, CosineDecay };

/** Schedule class names, e.g. 'ExponentialDecay'. */
export const scheduleNames: string[] = Object.keys(schedules);

/** A schedule as an optimizer's getConfig writes it. */
export interface SavedSchedule {
  className: string;
  config?: Record<string, unknown>;
}

/** Rebuilds a schedule from `{className, config}`; a schedule object is returned as is. */
export function getSchedule(spec: LearningRateSchedule | SavedSchedule): LearningRateSchedule {
  if ('valueAt' in spec && typeof spec.valueAt === 'function') return spec;
  const saved = spec as SavedSchedule;
  const cls = schedules[saved.className];
  if (cls === undefined) {
    throw new MlpError('BAD_ARGUMENT', `unknown learning-rate schedule '${saved.className}'; valid names: ${scheduleNames.join(', ')}`);
  }
  return new cls({ ...(saved.config ?? {}) });
}
