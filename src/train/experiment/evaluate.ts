/**
 * Final evaluation of a data set, in inference mode, the way Keras's `model.evaluate` reports it:
 *   loss     = (1/n) Σ_batches B·L_batch + Σ penalties       (the penalty counted once, as Keras)
 *   accuracy = correct / n
 * Batches are filled from the byte images one at a time, so evaluating the 60 000 training images
 * needs one batch of floats, not 188 MB. Also the confusion matrix for `mlp evaluate`.
 */
import { MlpError } from '../../tensor/errors';
import { Tensor, allocFloat } from '../../tensor/tensor';
import { batchSourceFromDataset, type Dataset } from '../data';
import type { Sequential } from '../sequential';

export interface Score {
  loss: number;
  accuracy: number;
}

export interface Evaluation extends Score {
  n: number;
  /** confusion[trueClass][predictedClass] = count. */
  confusion: number[][];
}

const EVAL_BATCH = 500;

/** Loss and accuracy of `model` on `ds`; with `confusion: true` also the confusion matrix (one more forward pass per batch). */
export function evaluateDataset(model: Sequential, ds: Dataset, opts: { batchSize?: number; confusion?: boolean } = {}): Evaluation {
  const batchSize = Math.min(opts.batchSize ?? EVAL_BATCH, ds.n);
  if (ds.n === 0) throw new MlpError('BAD_ARGUMENT', `cannot evaluate ${ds.source}: it has no examples`);
  if (ds.featureSize !== model.inputSize) {
    throw new MlpError('BAD_SHAPE', `the model expects ${model.inputSize} values per example but ${ds.source} has ${ds.featureSize}`);
  }
  const classes = model.outputSize;
  if (ds.numClasses > classes) {
    throw new MlpError('BAD_SHAPE', `${ds.source} has ${ds.numClasses} classes but the model outputs ${classes}`);
  }
  const source = batchSourceFromDataset({ ...ds, numClasses: classes });
  const order = Int32Array.from({ length: ds.n }, (_, i) => i);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;
  let correct = 0;
  const xData = allocFloat(batchSize * ds.featureSize, model.dtype);
  const yData = allocFloat(batchSize * classes, model.dtype);
  for (let start = 0; start < ds.n; start += batchSize) {
    const end = Math.min(ds.n, start + batchSize);
    const rows = end - start;
    const x = new Tensor(xData.subarray(0, rows * ds.featureSize), [rows, ds.featureSize]);
    const y = new Tensor(yData.subarray(0, rows * classes), [rows, classes]);
    source.fill(order, start, end, x.data, y.data);
    const r = model.evaluateBatch(x, y);
    lossSum += r.loss * rows;
    correct += r.correct;
    if (!opts.confusion) continue;
    const p = model.forward(x, false).data;
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
      confusion[ds.labels[start + i]][best]++;
    }
  }
  return { loss: lossSum / ds.n + model.regularizationLoss(), accuracy: correct / ds.n, n: ds.n, confusion };
}
