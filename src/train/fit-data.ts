/**
 * The data side of fit: turning what the user passes (Tensors x and y, a Dataset, a BatchSource)
 * into one BatchSource, the seeded validationSplit hold-out, the batch buffers (one pair per batch
 * size, allocated once; the last, shorter batch is a view into them), and evaluation batch by batch:
 *   loss = Σ_b |B_b|·ℓ_b / n + penalty(w)     ℓ_b the batch's data loss in inference mode (Keras:
 *   accuracy = Σ_b c_b / n                    the penalty is part of every reported loss)
 */
import { MlpError, check } from '../tensor/errors';
import { Rng } from '../tensor/rng';
import { Tensor, allocFloat } from '../tensor/tensor';
import type { Options } from '../optim/options';
import { batchSourceFromDataset, batchSourceFromTensors, splitIndices, type BatchSource, type Dataset } from './data/dataset';
import { countOption } from '../optim/options';
import type { Sequential } from './sequential';

export type FitInput = Tensor | Dataset | BatchSource;
export type ValidationInput = [Tensor, Tensor] | Dataset | BatchSource;

/** Salt of the validation-split stream, so it differs from the weight-init stream of the same seed. */
const SPLIT_STREAM = 0x5b1d;

function isBatchSource(v: unknown): v is BatchSource {
  return typeof v === 'object' && v !== null && typeof (v as BatchSource).fill === 'function';
}

function isDataset(v: unknown): v is Dataset {
  return typeof v === 'object' && v !== null && (v as Dataset).labels instanceof Uint8Array && Array.isArray((v as Dataset).featureShape);
}

/** The BatchSource over x (with y when x is a Tensor) and the per-example shape. */
export function toSource(x: unknown, y: unknown, what: string): { source: BatchSource; shape: number[] } {
  if (x instanceof Tensor) {
    if (!(y instanceof Tensor))
      throw new MlpError('BAD_ARGUMENT', `${what}: x is a Tensor, so y must be the targets Tensor [n, classes] (one-hot)`);
    return { source: batchSourceFromTensors(x, y), shape: x.shape.slice(1) };
  }
  if (y !== undefined)
    throw new MlpError('BAD_ARGUMENT', `${what}: y is only given with a Tensor x; a Dataset or BatchSource carries its own labels`);
  if (isDataset(x)) return { source: batchSourceFromDataset(x), shape: x.featureShape };
  if (isBatchSource(x)) return { source: x, shape: [x.inputSize] };
  throw new MlpError('BAD_ARGUMENT', `${what} must be a Tensor x with targets y, a Dataset, or a BatchSource`);
}

export function checkSizes(model: Sequential, source: BatchSource, what: string): void {
  check(source.n > 0, `${what} has no examples`);
  check(
    source.inputSize === model.inputSize,
    `${what} has ${source.inputSize} values per example but the model expects ${model.inputSize} (input shape [${model.inputShape!.join(', ')}])`,
    'BAD_SHAPE',
  );
  check(
    source.outputSize === model.outputSize,
    `${what} has ${source.outputSize} classes (target columns) but the model outputs ${model.outputSize}`,
    'BAD_SHAPE',
  );
}

export const identity = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/**
 * A seeded random hold-out of round(n·fraction) of the indices 0…n−1 (the first ones of a
 * permutation drawn from `rng`); both parts in increasing order. Same rule as splitDataset.
 */
/** The hold-out fit uses for `validationSplit`: the same for every fit of a model with this seed. */
export function validationHoldOut(model: Sequential, n: number, fraction: number): { train: Int32Array; valid: Int32Array } {
  return splitIndices(n, fraction, new Rng(model.seed ^ SPLIT_STREAM), 'validationSplit');
}

/** One (x, y) buffer pair for a batch size, allocated once, plus views for the last, shorter batch. */
export class BatchBuffers {
  private readonly full: { x: Tensor; y: Tensor };
  private readonly rest: { x: Tensor; y: Tensor } | null;

  constructor(
    private readonly batchSize: number,
    n: number,
    model: Sequential,
  ) {
    const xData = allocFloat(batchSize * model.inputSize, model.dtype);
    const yData = allocFloat(batchSize * model.outputSize, model.dtype);
    const pair = (rows: number) => ({
      x: new Tensor(xData.subarray(0, rows * model.inputSize), [rows, ...model.inputShape!]),
      y: new Tensor(yData.subarray(0, rows * model.outputSize), [rows, model.outputSize]),
    });
    this.full = pair(batchSize);
    const rest = n % batchSize;
    this.rest = rest === 0 ? null : pair(rest);
  }

  /** Rows order[start…end) of `source`, scaled and one-hot, in the buffers. */
  fill(source: BatchSource, order: Int32Array, start: number, end: number): { x: Tensor; y: Tensor } {
    const batch = end - start === this.batchSize ? this.full : this.rest!;
    source.fill(order, start, end, batch.x.data, batch.y.data);
    return batch;
  }
}

/** Loss (data + penalty) and accuracy over `order` of `source`, in inference mode. */
export function evaluateSource(
  model: Sequential,
  source: BatchSource,
  order: Int32Array,
  buffers: BatchBuffers,
  batchSize: number,
): { loss: number; accuracy: number } {
  const n = order.length;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const { x, y } = buffers.fill(source, order, start, end);
    const r = model.evaluateBatch(x, y);
    lossSum += r.loss * (end - start);
    correct += r.correct;
  }
  return { loss: lossSum / n + model.regularizationLoss(), accuracy: correct / n };
}

/** `model.evaluate` for any fit input (Tensor x with y, Dataset, BatchSource), batch by batch. */
export function evaluateModel(
  model: Sequential,
  x: FitInput,
  y?: Tensor,
  opts: { batchSize?: number } = {},
): { loss: number; accuracy: number } {
  const { source } = toSource(x, y, 'evaluate');
  checkSizes(model, source, 'evaluate data');
  const batchSize = countOption('evaluate', opts as Options, 'batchSize', 32);
  check(batchSize > 0, `evaluate: batchSize must be >= 1, got ${batchSize}`);
  return evaluateSource(model, source, identity(source.n), new BatchBuffers(batchSize, source.n, model), batchSize);
}
