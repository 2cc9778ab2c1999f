/**
 * fit: the training loop, shaped like Keras 3 `model.fit` (keras/src/backend/tensorflow/trainer.py).
 *
 *   for epoch e = initialEpoch … epochs − 1:
 *     order ← the training indices, shuffled by the model's Rng                 (shuffle: true)
 *     for step s = 0 … steps − 1,  steps = ⌈n / B⌉ (the last batch keeps the rest, as Keras):
 *       Bₛ = order[s·B … min(n, (s+1)·B))
 *       ℓₛ, cₛ, pₛ = trainStep(x[Bₛ], y[Bₛ])            batch loss (data + penalty), correct, penalty
 *     loss     = Σₛ |Bₛ|·ℓₛ / n                          Keras's batch-size-weighted Mean
 *     accuracy = Σₛ cₛ / n
 *     penalty  = Σₛ |Bₛ|·pₛ / n
 *     val_loss = Σ_b |B_b|·ℓ_b / n_val + penalty(w)      inference mode; the penalty included (Keras)
 *     val_accuracy = Σ_b c_b / n_val
 *
 * Divergence: when a batch loss is NaN or ±∞ (or a weight is not finite at the end of an epoch)
 * and onNaN is 'stop' (default), training stops without an exception: the weights and optimizer
 * state saved at the end of the last good epoch (or before training) are put back, History gets
 * `diverged = {epoch, step}` (0-based) and one message names the epoch and step (1-based, as the
 * progress bar counts). The diverged epoch gets no History entry. onNaN 'continue' keeps going.
 *
 * `validationSplit` holds out a SEEDED RANDOM subset, drawn from the model's seed on its own stream
 * (the same hold-out at every fit of the model, so a resumed run keeps it), not Keras's last
 * fraction before shuffling. The loop yields to the event loop every `yieldEveryMs` (50 ms), so
 * SIGINT handlers and timers run; a handler may set `model.stopTraining = true`.
 */
import { MlpError, check } from '../tensor/errors';
import { Tensor, type FloatArray } from '../tensor/tensor';
import type { Optimizer, OptimizerState } from '../optim';
import { NON_NEGATIVE, POSITIVE, booleanOption, choiceOption, numberOption, rejectUnknown, type Options } from '../optim/options';
import type { BatchSource } from './data/dataset';
import {
  BatchBuffers,
  checkSizes,
  evaluateSource,
  identity,
  toSource,
  validationHoldOut,
  type FitInput,
  type ValidationInput,
} from './fit-data';
import { Callback, CallbackList, Output, type CallbackParams, type Logs, type OutputStream } from './callbacks/callback';
import { countOption } from '../optim/options';
import { History, type Divergence } from './history';
import { ProgbarLogger, formatValue } from './progress';
import type { Sequential } from './sequential';

export type { FitInput, ValidationInput };

export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  validationData?: ValidationInput;
  /** Fraction in (0, 1) held out at random (seeded) for validation. */
  validationSplit?: number;
  validationBatchSize?: number;
  callbacks?: Callback[];
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default: 1 on a terminal, else 2. */
  verbose?: 0 | 1 | 2;
  initialEpoch?: number;
  onNaN?: 'stop' | 'continue';
  /** Where progress and messages go. Default process.stdout. */
  output?: OutputStream;
  /** Milliseconds of training between two yields to the event loop. Default 50; Infinity never yields. */
  yieldEveryMs?: number;
}

const FIT_OPTIONS = Object.keys({
  epochs: 0, batchSize: 0, shuffle: 0, validationData: 0, validationSplit: 0, validationBatchSize: 0,
  callbacks: 0, verbose: 0, initialEpoch: 0, onNaN: 0, output: 0, yieldEveryMs: 0,
} satisfies Record<keyof FitOptions, 0>); // prettier-ignore
const ON_NAN = ['stop', 'continue'] as const;
const VERBOSE: readonly number[] = [0, 1, 2];
/** Metric names fit can log: both spellings mean accuracy, logged under the name given (Keras). */
const ACCURACY_NAMES = ['accuracy', 'acc'];

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Settings {
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  validationBatchSize: number;
  shuffle: boolean;
  onNaN: 'stop' | 'continue';
  yieldEveryMs: number;
}

function positiveInteger(o: Options, name: string, fallback: number): number {
  const value = numberOption('fit', o, name, fallback, POSITIVE);
  check(Number.isInteger(value), `fit: ${name} must be a positive integer, got ${value}`);
  return value;
}

function readSettings(o: Options): Settings {
  rejectUnknown('fit', o, FIT_OPTIONS);
  check(
    o.validationData === undefined || o.validationSplit === undefined,
    'fit: give validationData or validationSplit, not both',
    'BAD_CONFIG',
  );
  check(o.callbacks === undefined || Array.isArray(o.callbacks), 'fit: callbacks must be an array of Callback');
  const batchSize = positiveInteger(o, 'batchSize', 32);
  return {
    epochs: countOption('fit', o, 'epochs', 1),
    initialEpoch: countOption('fit', o, 'initialEpoch', 0),
    batchSize,
    validationBatchSize: positiveInteger(o, 'validationBatchSize', batchSize),
    shuffle: booleanOption('fit', o, 'shuffle', true),
    onNaN: choiceOption('fit', o, 'onNaN', ON_NAN),
    yieldEveryMs: o.yieldEveryMs === Infinity ? Infinity : numberOption('fit', o, 'yieldEveryMs', 50, NON_NEGATIVE),
  };
}

interface Validation {
  source: BatchSource;
  order: Int32Array;
  buffers: BatchBuffers;
}

/** The training indices and the validation part: a seeded hold-out of the training data, or validationData. */
function splitValidation(
  model: Sequential,
  train: BatchSource,
  o: FitOptions,
  s: Settings,
): { trainIdx: Int32Array; valid: Validation | null } {
  const valid = (source: BatchSource, order: Int32Array): Validation => ({
    source,
    order,
    buffers: new BatchBuffers(s.validationBatchSize, order.length, model),
  });
  if (o.validationSplit !== undefined) {
    const split = validationHoldOut(model, train.n, numberOption('fit', o as Options, 'validationSplit', undefined, POSITIVE));
    return { trainIdx: split.train, valid: valid(train, split.valid) };
  }
  if (o.validationData === undefined) return { trainIdx: identity(train.n), valid: null };
  const v = o.validationData;
  const { source } = Array.isArray(v) ? toSource(v[0], v[1], 'validationData') : toSource(v, undefined, 'validationData');
  checkSizes(model, source, 'validationData');
  return { trainIdx: identity(train.n), valid: valid(source, identity(source.n)) };
}

/** The weights and optimizer state at the end of the last epoch whose weights were all finite. */
class LastFinite {
  private readonly weights: FloatArray[];
  private optimizerState: OptimizerState;
  /** The epoch they come from; null = before training. */
  epoch: number | null = null;

  constructor(
    private readonly model: Sequential,
    private readonly optimizer: Optimizer,
  ) {
    this.weights = model.params().map((p) => p.value.slice());
    this.optimizerState = optimizer.getState();
  }

  /** Saves the current state if every weight is finite; returns whether it was. */
  saveIfFinite(epoch: number): boolean {
    const params = this.model.params();
    for (const p of params) {
      const v = p.value;
      for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
    }
    params.forEach((p, i) => this.weights[i].set(p.value));
    this.optimizerState = this.optimizer.getState();
    this.epoch = epoch;
    return true;
  }

  restore(): void {
    this.model.params().forEach((p, i) => p.value.set(this.weights[i]));
    this.optimizer.setState(this.optimizerState);
  }

  describe(): string {
    return this.epoch === null ? 'their values before training' : `the end of epoch ${this.epoch + 1}`;
  }
}

/** Σ over an epoch's batches, for the batch-size-weighted means. */
interface EpochSums {
  loss: number;
  correct: number;
  penalty: number;
  seen: number;
}

/** The Keras logs of the running sums: loss and each accuracy name (prefixed val_ for validation). */
function metricLogs(logs: Logs, prefix: string, loss: number, accuracy: number, metricNames: string[]): Logs {
  logs[`${prefix}loss`] = loss;
  for (const name of metricNames) logs[`${prefix}${name}`] = accuracy;
  return logs;
}

/** Trains `model` (Keras `fit`); returns its History. See the header for what each step does. */
export async function fitModel(model: Sequential, x: FitInput, y?: Tensor | FitOptions, options?: FitOptions): Promise<History> {
  if (y !== undefined && !(y instanceof Tensor) && options === undefined) [y, options] = [undefined, y];
  const o = options ?? {};
  const s = readSettings(o as Options);
  const optimizer = model.optimizer;
  if (!model.loss || !optimizer) throw new MlpError('NOT_BUILT', 'fit: compile() the model with a loss and an optimizer first');
  const { source: train, shape } = toSource(x, y, 'fit(x, y)');
  if (!model.built) model.build(model.layers[0]?.inputShape ? undefined : shape);
  checkSizes(model, train, 'the training data');
  const unknown = model.metrics.find((m) => !ACCURACY_NAMES.includes(m));
  check(unknown === undefined, `fit: metric '${unknown}' is not supported; valid metrics: ${ACCURACY_NAMES.join(', ')}`, 'BAD_CONFIG');
  const metricNames = model.metrics;
  const { trainIdx, valid } = splitValidation(model, train, o, s);

  const output = new Output(o.output ?? process.stdout);
  const verbose = o.verbose ?? (output.isTTY ? 1 : 2);
  check(VERBOSE.includes(verbose), `fit: verbose must be 0, 1 or 2, got ${String(verbose)}`);
  const userCallbacks = o.callbacks ?? [];
  const own = userCallbacks.find((cb): cb is History => cb instanceof History);
  const history = own ?? new History();
  // Keras's order: the user's callbacks, then History, then the progress bar (so both see what callbacks add to logs)
  const list = new CallbackList([...userCallbacks, ...(own ? [] : [history]), ...(verbose > 0 ? [new ProgbarLogger()] : [])]);
  const n = trainIdx.length;
  const steps = Math.ceil(n / s.batchSize);
  const nValid = valid?.order.length ?? 0;
  const params: CallbackParams = {
    epochs: s.epochs,
    initialEpoch: s.initialEpoch,
    steps,
    batchSize: s.batchSize,
    samples: n,
    validationSamples: nValid,
    verbose,
  };
  list.setContext(model, params, output);
  if (verbose > 0) {
    const held =
      o.validationSplit === undefined
        ? ''
        : ` (validationSplit ${o.validationSplit}: a random hold-out drawn with seed ${model.seed}, not the last fraction as in Keras)`;
    output.print(`Train on ${n} examples${valid ? `, validate on ${nValid} examples${held}` : ''}`);
  }

  const buffers = new BatchBuffers(s.batchSize, n, model);
  const order = trainIdx.slice();
  const lastFinite = new LastFinite(model, optimizer);
  const batchHooks = list.wantsBatchLogs;
  let lastLogs: Logs = {};
  let lastYield = performance.now();
  model.stopTraining = false;
  await list.onTrainBegin({});

  for (let epoch = s.initialEpoch; epoch < s.epochs; epoch++) {
    await list.onEpochBegin(epoch, {});
    const lr = optimizer.currentLearningRate();
    const t0 = performance.now();
    // A fresh permutation of the training indices each epoch: the order depends only on the Rng
    // state at the epoch's start, which a checkpoint saves, so a resumed run shuffles identically.
    if (s.shuffle) {
      order.set(trainIdx);
      model.rng.shuffle(order);
    }
    const sum: EpochSums = { loss: 0, correct: 0, penalty: 0, seen: 0 };
    let diverged: (Divergence & { what: string }) | null = null;
    let step = 0;
    for (; step < steps; step++) {
      const start = step * s.batchSize;
      const end = Math.min(n, start + s.batchSize);
      const rows = end - start;
      const batch = buffers.fill(train, order, start, end);
      if (batchHooks) await list.onBatchBegin(step, { size: rows });
      const r = model.trainStep(batch.x, batch.y);
      if (!Number.isFinite(r.loss) && s.onNaN === 'stop') {
        diverged = { epoch, step, what: `the loss is ${formatValue(r.loss)}` };
        break;
      }
      sum.loss += r.loss * rows;
      sum.correct += r.correct;
      sum.penalty += r.penalty * rows;
      sum.seen += rows;
      if (batchHooks) await list.onBatchEnd(step, metricLogs({}, '', sum.loss / sum.seen, sum.correct / sum.seen, metricNames));
      if (performance.now() - lastYield >= s.yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (model.stopTraining) break;
    }
    const seconds = (performance.now() - t0) / 1e3;
    if (!diverged && !lastFinite.saveIfFinite(epoch) && s.onNaN === 'stop') {
      diverged = { epoch, step: Math.min(step, steps - 1), what: 'a weight is no longer finite' };
    }
    if (diverged) {
      lastFinite.restore();
      history.diverged = { epoch, step: diverged.step };
      lastLogs = { ...lastLogs, diverged_epoch: epoch, diverged_step: diverged.step };
      const where = `Epoch ${epoch + 1}/${s.epochs}, step ${diverged.step + 1}/${steps}`;
      if (verbose > 0)
        output.print(
          `${where}: ${diverged.what}. Training stopped; the weights are back to ${lastFinite.describe()} (the last finite ones).`,
        );
      break;
    }
    const logs = metricLogs({}, '', sum.loss / sum.seen, sum.correct / sum.seen, metricNames);
    if (valid) {
      const v = evaluateSource(model, valid.source, valid.order, valid.buffers, s.validationBatchSize);
      metricLogs(logs, 'val_', v.loss, v.accuracy, metricNames);
    }
    logs.lr = lr;
    logs.penalty = sum.penalty / sum.seen;
    logs.seconds = seconds;
    await list.onEpochEnd(epoch, logs);
    lastLogs = logs;
    if (model.stopTraining) break;
  }
  await list.onTrainEnd(lastLogs);
  return history;
}
