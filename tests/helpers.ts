/** Small shared test helpers: seeded random tensors and one-hot targets. */
import { Rng, Tensor, allocFloat, type DType } from '../src/tensor';

export function randomTensor(shape: number[], seed: number, dtype: DType = 'float64', scale = 1): Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = allocFloat(n, dtype);
  for (let i = 0; i < n; i++) data[i] = scale * rng.normal();
  return new Tensor(data, shape);
}

export function oneHot(labels: number[], classes: number, dtype: DType = 'float64'): Tensor {
  const data = allocFloat(labels.length * classes, dtype);
  labels.forEach((l, r) => (data[r * classes + l] = 1));
  return new Tensor(data, [labels.length, classes]);
}

export function randomLabels(n: number, classes: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.int(classes));
}
