/** Small seeded problems and models shared by the fit, callback and progress tests. */
import { Dense, Dropout, Sequential, SGD, Tensor, l2, type DType } from '../../src';
import { oneHot, randomLabels, randomTensor } from '../helpers';

/** n examples of 4 features (normal) with labels from 3 classes. */
export function tinyData(n: number, seed: number, dtype: DType = 'float32'): { x: Tensor; y: Tensor; labels: number[] } {
  const labels = randomLabels(n, 3, seed + 1);
  return { x: randomTensor([n, 4], seed, dtype), y: oneHot(labels, 3, dtype), labels };
}

/** 4-5-3 tanh/softmax, SGD; `dropout` adds Dropout(0.5) after the hidden layer, `penalty` an L2 on it. */
export function tinyModel(
  opts: { seed?: number; lr?: number; dropout?: boolean; penalty?: boolean; dtype?: DType; loss?: string } = {},
): Sequential {
  const layers = [
    new Dense({ units: 5, activation: 'tanh', inputShape: [4], kernelRegularizer: opts.penalty ? l2(0.01) : null }),
    ...(opts.dropout ? [new Dropout({ rate: 0.5 })] : []),
    new Dense({ units: 3, activation: opts.loss === 'mse' ? 'linear' : 'softmax' }),
  ];
  const model = new Sequential(layers, { seed: opts.seed ?? 7, dtype: opts.dtype });
  model.compile({ loss: opts.loss ?? 'categorical_crossentropy', optimizer: new SGD({ learningRate: opts.lr ?? 0.1 }) });
  return model;
}

/** Collects what fit writes, as a terminal (isTTY) or as a pipe. */
export function fakeStream(isTTY = false): { isTTY: boolean; text: string; write(s: string): boolean } {
  return {
    isTTY,
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
}

/** Every weight value of the model, flattened. */
export function allWeights(model: Sequential): number[] {
  return model.getWeights().flatMap((w) => Array.from(w.data));
}

/** History without the wall-clock key (the only one that differs between identical runs). */
export function withoutSeconds(history: Record<string, number[]>): Record<string, number[]> {
  const { seconds: _seconds, ...rest } = history;
  return rest;
}
