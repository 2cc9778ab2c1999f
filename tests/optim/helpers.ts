/** Shared helpers for the optimizer tests. */
import type { Param } from '../../src/tensor/param';
import type { Optimizer } from '../../src/optim/optimizer';

/** MATH.md §17 gradient sequences. */
export const G1 = [0.5, -0.3, 0.8, 0.0, 1.2];
export const G2 = [1e-3, -1e-3, 2e-4, 0.0, 5e-4];

/** A scalar float64 parameter starting at θ0. */
export function scalarParam(theta0 = 1, name = 'theta'): Param {
  return { name, shape: [1], value: Float64Array.of(theta0), grad: new Float64Array(1) };
}

/** Feeds the gradients one per step to a scalar θ = 1 and returns θ after each step. */
export function trajectory(opt: Optimizer, grads: number[]): number[] {
  const p = scalarParam();
  return grads.map((g) => {
    p.grad[0] = g;
    opt.step([p]);
    return p.value[0];
  });
}

/** Asserts |actual − expected| ≤ rel·|expected| (plus a tiny absolute floor) entry by entry. */
export function expectClose(actual: number[], expected: number[], rel = 1e-6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const tol = rel * Math.abs(expected[i]) + 1e-12;
    if (!(Math.abs(a - expected[i]) <= tol)) {
      throw new Error(`entry ${i}: got ${a}, expected ${expected[i]} (tolerance ${tol})`);
    }
  });
}

/** Runs one step per gradient vector on a float64 parameter starting at θ0; returns θ after each step. */
export function steps(opt: Optimizer, theta0: number[], grads: number[][]): number[][] {
  const p: Param = { name: 'w', shape: [theta0.length], value: Float64Array.from(theta0), grad: new Float64Array(theta0.length) };
  return grads.map((g) => {
    p.grad.set(g);
    opt.step([p]);
    return Array.from(p.value);
  });
}

/** expectClose over a list of vectors. */
export function expectCloseAll(actual: number[][], expected: number[][], rel = 1e-12): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, k) => expectClose(a, expected[k], rel));
}
