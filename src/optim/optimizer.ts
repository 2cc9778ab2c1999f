/**
 * The optimizer base class: what every algorithm shares, written once (Keras 3 `BaseOptimizer`).
 *
 *   lr    = schedule(iterations)  or  learningRate / (1 + decay·iterations)   (legacy Keras `decay`)
 *   θ ← θ − lr·weightDecay·θ          weightDecayMode 'decoupled' (Keras 3, AdamW), before the update
 *   g ← g + weightDecay·θ             weightDecayMode 'coupled'   (PyTorch's `weight_decay` = L2)
 *   update(θ, g, slots, lr)           the algorithm's own rule, in its own file
 *   iterations ← iterations + 1
 *
 * `iterations` counts the updates already applied, so the first step sees iterations = 0 and
 * t = iterations + 1 = 1 (Keras `local_step`). Slots (m, v, …) are per parameter, keyed by
 * `param.name`, created lazily on the first step with the parameter's length and dtype; after that
 * a step allocates nothing. Sources: keras/src/optimizers/base_optimizer.py @v3.15.1
 * (`_apply_weight_decay`, `_get_current_learning_rate`), keras optimizer_v2 `_decayed_lr` (decay).
 */
import type { Param } from '../tensor/param';
import { allocFloat, dtypeOf, type FloatArray } from '../tensor/tensor';
import { MlpError, check, isFiniteNumber } from '../tensor/errors';
import { NON_NEGATIVE, choiceOption, numberOption, rejectUnknown, type Options } from './options';
import { getSchedule, type SavedSchedule } from './schedules';

/** A learning rate as a function of the step (Keras `LearningRateSchedule`); see schedules.ts. */
export interface LearningRateSchedule {
  readonly className: string;
  /** The learning rate at `step` = updates already applied (0 for the first update). */
  valueAt(step: number): number;
  getConfig(): Record<string, unknown>;
}

export type WeightDecayMode = 'decoupled' | 'coupled';

/** Options every optimizer accepts. */
export interface OptimizerOptions {
  /** A number, a schedule, or a saved schedule `{className, config}`. */
  learningRate?: number | LearningRateSchedule | SavedSchedule;
  /** Legacy Keras (≤2.10, the lecture's) decay: lr / (1 + decay·iterations). Default 0. */
  decay?: number;
  /** Default 0 (off); AdamW's default is 0.004. Applies to every parameter, biases included. */
  weightDecay?: number;
  /** 'decoupled' (Keras 3, default) or 'coupled' (PyTorch's L2-style `weight_decay`). */
  weightDecayMode?: WeightDecayMode;
}

export type Slots = Record<string, FloatArray>;

export interface OptimizerState {
  iterations: number;
  slots: Record<string, Record<string, Float32Array | Float64Array>>;
  extra?: Record<string, number>;
}

const BASE_OPTIONS = ['learningRate', 'decay', 'weightDecay', 'weightDecayMode'];
const WEIGHT_DECAY_MODES: readonly WeightDecayMode[] = ['decoupled', 'coupled'];

function isSchedule(x: unknown): x is LearningRateSchedule {
  return typeof x === 'object' && x !== null && typeof (x as LearningRateSchedule).valueAt === 'function';
}

export abstract class Optimizer {
  abstract readonly className: string;
  /** Updates applied so far (Keras `iterations`). */
  iterations = 0;
  readonly decay: number;
  readonly weightDecay: number;
  readonly weightDecayMode: WeightDecayMode;
  /** Set when `learningRate` was given as a schedule; then `learningRate` cannot be assigned. */
  readonly schedule: LearningRateSchedule | null;
  private baseLearningRate: number;
  private slots: Record<string, Slots> = {};
  /** Scratch g + wd·θ per parameter, only for weightDecayMode 'coupled'. */
  private coupledGrads: Record<string, FloatArray> = {};

  /**
   * `owner` names the class in error messages, `ownOptions` are the subclass's option names,
   * `defaultLearningRate` its Keras 3 default.
   */
  protected constructor(owner: string, options: Options, ownOptions: readonly string[], defaultLearningRate: number) {
    rejectUnknown(owner, options, [...BASE_OPTIONS, ...ownOptions]);
    const lr = options.learningRate;
    // a saved schedule ({className, config}, as getConfig writes it) is rebuilt here
    this.schedule = isSchedule(lr) ? lr : typeof lr === 'object' && lr !== null ? getSchedule(lr as SavedSchedule) : null;
    this.baseLearningRate = this.schedule
      ? this.schedule.valueAt(0)
      : numberOption(owner, options, 'learningRate', defaultLearningRate, NON_NEGATIVE);
    this.decay = numberOption(owner, options, 'decay', 0, NON_NEGATIVE);
    check(!(this.schedule && this.decay > 0), `${owner}: give either a learningRate schedule or decay, not both`, 'BAD_CONFIG');
    this.weightDecay = numberOption(owner, options, 'weightDecay', 0, NON_NEGATIVE);
    this.weightDecayMode = choiceOption(owner, options, 'weightDecayMode', WEIGHT_DECAY_MODES);
  }

  /** Base learning rate; with a schedule, its value at the current step (Keras `learning_rate`). */
  get learningRate(): number {
    return this.schedule ? this.schedule.valueAt(this.iterations) : this.baseLearningRate;
  }

  set learningRate(lr: number) {
    check(!this.schedule, `${this.className}: learningRate is a ${this.schedule?.className} schedule and cannot be set`, 'BAD_CONFIG');
    check(isFiniteNumber(lr) && lr >= 0, `${this.className}: learningRate must be a number >= 0, got ${String(lr)}`);
    this.baseLearningRate = lr;
  }

  /** The lr the next step will use: schedule or legacy decay applied. */
  currentLearningRate(): number {
    if (this.schedule) return this.schedule.valueAt(this.iterations);
    return this.baseLearningRate / (1 + this.decay * this.iterations);
  }

  /** Names of the per-parameter slots, in the order they appear in the formulas. */
  protected abstract slotNames(): string[];

  /** The algorithm's rule: updates θ in place from g, using and updating `slots`. */
  protected abstract update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void;

  /** Initial value of a slot (Adagrad starts its accumulator at 0.1). */
  protected initialSlotValue(_slot: string): number {
    return 0;
  }

  /** Called once per step before any parameter is updated (Nadam's momentum product). */
  protected beginStep(): void {}

  step(params: Param[]): void {
    const lr = this.currentLearningRate();
    this.beginStep();
    const decoupled = this.weightDecayMode === 'decoupled' && this.weightDecay > 0;
    const coupled = this.weightDecayMode === 'coupled' && this.weightDecay > 0;
    for (const p of params) {
      const slots = this.slotsFor(p);
      if (decoupled) scaleDown(p.value, lr * this.weightDecay);
      const g = coupled ? this.coupledGradient(p) : p.grad;
      this.update(p.value, g, slots, lr);
    }
    this.iterations += 1;
  }

  /** camelCase options, JSON-able; a schedule appears as {className, config}. */
  getConfig(): Record<string, unknown> {
    const learningRate = this.schedule ? { className: this.schedule.className, config: this.schedule.getConfig() } : this.baseLearningRate;
    return { learningRate, decay: this.decay, weightDecay: this.weightDecay, weightDecayMode: this.weightDecayMode, ...this.ownConfig() };
  }

  /** The subclass's own options for getConfig. */
  protected abstract ownConfig(): Record<string, unknown>;

  /** Extra scalar state beyond the slots (Nadam's momentum product). */
  protected getExtra(): Record<string, number> {
    return {};
  }

  protected setExtra(_extra: Record<string, number>): void {}

  /** A deep copy: later steps do not change a state already taken. */
  getState(): OptimizerState {
    const slots: OptimizerState['slots'] = {};
    for (const [name, record] of Object.entries(this.slots)) {
      slots[name] = {};
      for (const [slot, values] of Object.entries(record)) slots[name][slot] = values.slice();
    }
    const extra = { ...this.getExtra() };
    if (!this.schedule) extra.learningRate = this.baseLearningRate; // a callback may have changed it
    return { iterations: this.iterations, slots, extra };
  }

  /** Restores a state from getState (slot arrays are copied, and converted to the param dtype on first use). */
  setState(state: OptimizerState): void {
    const owner = `${this.className}.setState`;
    check(
      Number.isInteger(state?.iterations) && state.iterations >= 0,
      `${owner}: iterations must be an integer >= 0, got ${String(state?.iterations)}`,
      'BAD_CONFIG',
    );
    const names = this.slotNames();
    const slots: Record<string, Slots> = {};
    for (const [param, record] of Object.entries(state.slots ?? {})) {
      slots[param] = {};
      for (const slot of names) {
        const values = record[slot];
        check(
          values !== undefined && typeof values.length === 'number',
          `${owner}: parameter '${param}' has no slot '${slot}' (expected slots: ${names.join(', ')})`,
          'BAD_CONFIG',
        );
        slots[param][slot] = values instanceof Float32Array ? values.slice() : Float64Array.from(values);
      }
    }
    this.slots = slots;
    this.iterations = state.iterations;
    const { learningRate, ...extra } = state.extra ?? {};
    if (learningRate !== undefined && !this.schedule) this.learningRate = learningRate;
    this.setExtra(extra);
  }

  /** The slots of `p`, created on its first step (or converted to its dtype after setState). */
  private slotsFor(p: Param): Slots {
    const n = p.value.length;
    const dtype = dtypeOf(p.value);
    let record = this.slots[p.name];
    if (record === undefined) {
      record = {};
      for (const slot of this.slotNames()) {
        record[slot] = allocFloat(n, dtype);
        record[slot].fill(this.initialSlotValue(slot));
      }
      this.slots[p.name] = record;
      return record;
    }
    for (const slot of this.slotNames()) {
      const values = record[slot];
      if (values.length !== n) {
        throw new MlpError(
          'BAD_CONFIG',
          `${this.className}: slot '${slot}' of '${p.name}' has ${values.length} values but the parameter has ${n}`,
        );
      }
      if (dtypeOf(values) !== dtype) {
        record[slot] = allocFloat(n, dtype);
        record[slot].set(values);
      }
    }
    return record;
  }

  private coupledGradient(p: Param): FloatArray {
    let g = this.coupledGrads[p.name];
    if (g === undefined || g.length !== p.grad.length || dtypeOf(g) !== dtypeOf(p.grad)) {
      g = this.coupledGrads[p.name] = allocFloat(p.grad.length, dtypeOf(p.grad));
    }
    const theta = p.value;
    const grad = p.grad;
    const wd = this.weightDecay;
    for (let i = 0; i < g.length; i++) g[i] = grad[i] + wd * theta[i];
    return g;
  }
}

/** θ ← θ − rate·θ (Keras writes `variable.assign_sub(variable * wd * lr)`). */
function scaleDown(theta: FloatArray, rate: number): void {
  for (let i = 0; i < theta.length; i++) theta[i] -= theta[i] * rate;
}
