/**
 * Accuracy, as Keras's 'accuracy' resolves it for the loss in use:
 *   categorical:  mean over rows of [argmax p_r = argmax y_r]
 *   binary:       mean over entries of [(p > 0.5) = y]
 * Returned as the count of correct predictions so epoch means can be weighted exactly.
 */
import type { FloatArray } from '../tensor/tensor';

export function countCorrectCategorical(p: FloatArray, y: FloatArray, rows: number, cols: number): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let bestP = 0;
    let bestY = 0;
    for (let c = 1; c < cols; c++) {
      if (p[base + c] > p[base + bestP]) bestP = c;
      if (y[base + c] > y[base + bestY]) bestY = c;
    }
    if (bestP === bestY) correct++;
  }
  return correct;
}

/** Fraction (per entry, averaged per row) for binary accuracy, returned as "correct rows" equivalent. */
export function countCorrectBinary(p: FloatArray, y: FloatArray, rows: number, cols: number): number {
  let correct = 0;
  for (let i = 0; i < rows * cols; i++) if ((p[i] > 0.5 ? 1 : 0) === y[i]) correct++;
  return correct / cols;
}
