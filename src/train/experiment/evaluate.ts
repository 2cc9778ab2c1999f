/**
 * Final evaluation of a data set, in inference mode, as Keras's `model.evaluate` reports it
 * (fit.ts `evaluateModel`: batch-size-weighted mean data loss + the penalty once, accuracy), and
 * the confusion matrix for `mlp evaluate`:
 *   confusion[t][p] = #{examples with label t whose largest output is class p}
 * Batches are filled from the byte images one at a time: evaluating the 60 000 training images
 * needs one batch of floats, not 188 MB.
 */
import { MlpError } from '../../tensor/errors';
import { Tensor, allocFloat } from '../../tensor/tensor';
import { batchSourceFromDataset, type Dataset } from '../data';
import { evaluateModel } from '../fit-data';
import type { Sequential } from '../sequential';

export interface Score {
  loss: number;
  accuracy: number;
}

const EVAL_BATCH = 500;

export function evaluateDataset(model: Sequential, ds: Dataset): Score {
  return evaluateModel(model, { ...ds, numClasses: model.outputSize }, undefined, { batchSize: EVAL_BATCH });
}

export function confusionMatrix(model: Sequential, ds: Dataset): number[][] {
  const classes = model.outputSize;
  if (ds.featureSize !== model.inputSize) {
    throw new MlpError('BAD_SHAPE', `the model expects ${model.inputSize} values per example but ${ds.source} has ${ds.featureSize}`);
  }
  const source = batchSourceFromDataset({ ...ds, numClasses: classes });
  const order = Int32Array.from({ length: ds.n }, (_, i) => i);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const batchSize = Math.min(EVAL_BATCH, ds.n);
  const xData = allocFloat(batchSize * ds.featureSize, model.dtype);
  const yData = allocFloat(batchSize * classes, model.dtype);
  for (let start = 0; start < ds.n; start += batchSize) {
    const rows = Math.min(ds.n, start + batchSize) - start;
    const x = new Tensor(xData.subarray(0, rows * ds.featureSize), [rows, ds.featureSize]);
    source.fill(order, start, start + rows, x.data, yData);
    const p = model.forward(x, false).data;
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
      confusion[ds.labels[start + i]][best]++;
    }
  }
  return confusion;
}
