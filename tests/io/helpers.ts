/** Shared by the save/load tests: temporary folders and small models with every layer kind. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Activation, Dense, Dropout, Flatten, LeakyReLU, PReLU, Reshape, l1l2, l2 } from '../../src/layers';
import { Sequential } from '../../src/train/sequential';
import { Rng, Tensor } from '../../src/tensor';

const made: string[] = [];

/** A fresh empty folder under the OS temp dir, removed by `removeTempDirs`. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-io-'));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Uniform values in [-1, 1) as float32, from a seed. */
export function uniformTensor(shape: number[], seed: number): Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.uniformRange(-1, 1);
  return new Tensor(data, shape);
}

/** One-hot float32 targets for `n` rows drawn from a seed. */
export function oneHotTargets(n: number, classes: number, seed: number): Tensor {
  const rng = new Rng(seed);
  const data = new Float32Array(n * classes);
  for (let r = 0; r < n; r++) data[r * classes + rng.int(classes)] = 1;
  return new Tensor(data, [n, classes]);
}

/**
 * Every layer kind: Reshape [3,4]→[12], Dense linear with L1L2, LeakyReLU, Dropout, PReLU (sees
 * negative inputs, so its alphas train), Activation tanh, Dense leaky_relu (written to TF.js as
 * Dense + LeakyReLU), Dense sigmoid with nielsen init, Dense relu, Dense softmax without bias,
 * Reshape [1,3], Flatten. Input [3, 4], 3 classes.
 */
export function everyLayerModel(seed = 7): Sequential {
  return new Sequential(
    [
      new Reshape({ targetShape: [12], inputShape: [3, 4] }),
      new Dense({ units: 8, kernelRegularizer: l1l2({ l1: 0.001, l2: 0.002 }), biasInitializer: 'ones' }),
      new LeakyReLU({ alpha: 0.2 }),
      new Dropout({ rate: 0.25 }),
      new PReLU({ alphaInitializer: 0.1 }),
      new Activation({ activation: 'tanh' }),
      new Dense({ units: 6, activation: 'leaky_relu', alpha: 0.1, kernelInitializer: 'he_normal', biasRegularizer: l2(0.01) }),
      new Dense({ units: 5, activation: 'sigmoid', kernelInitializer: 'nielsen' }),
      new Dense({ units: 4, activation: 'relu', kernelInitializer: 'lecun_uniform' }),
      new Dense({ units: 3, activation: 'softmax', useBias: false, kernelInitializer: 'lecun_normal' }),
      new Reshape({ targetShape: [1, 3] }),
      new Flatten(),
    ],
    { seed },
  );
}

/** The same model, compiled and trained `steps` batches with `optimizer`, so slots and PReLU alphas move. */
export function trainedEveryLayerModel(optimizer = 'adam', steps = 3, seed = 7): Sequential {
  const model = everyLayerModel(seed);
  model.compile({ loss: 'categorical_crossentropy', optimizer });
  const x = uniformTensor([16, 3, 4], 11);
  const y = oneHotTargets(16, 3, 12);
  for (let i = 0; i < steps; i++) model.trainOnBatch(x, y);
  return model;
}
