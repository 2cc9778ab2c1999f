import { MlpError, Rng, Tensor, tensor, zeros } from '../../src/tensor';
import { addBias, columnSums, softmaxRows } from '../../src/tensor/ops';

describe('tensor()', () => {
  test('nested arrays: shape inferred, data row-major, read back with .data/.shape/.toArray()', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.toNdarray().get(1, 2)).toBe(6);
  });

  test('typed arrays are used without copying; float64 is kept', () => {
    const data = new Float64Array([1, 2, 3, 4]);
    const t = tensor(data, [2, 2]);
    expect(t.data).toBe(data);
    expect(t.dtype).toBe('float64');
    expect(t.rows).toBe(2);
    expect(t.cols).toBe(2);
  });

  test('ragged arrays and wrong sizes are MlpErrors naming the problem', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(MlpError);
    expect(() => tensor(new Float32Array(5), [2, 2])).toThrow(/5 values but shape \[2, 2\] needs 4/);
    expect(() => zeros([2, -1])).toThrow(/non-negative integers/);
  });

  test('sliceRows is a view', () => {
    const t = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const s = t.sliceRows(1, 3);
    s.data[0] = 30;
    expect(t.data[2]).toBe(30);
    expect(s.shape).toEqual([2, 2]);
    expect(new Tensor(new Float32Array(4), [4]).reshape([2, 2]).shape).toEqual([2, 2]);
  });
});

describe('ops', () => {
  test('softmax rows sum to 1 and are stable for large logits', () => {
    const z = new Float64Array([1000, 1001, 1002, -5, 0, 5]);
    const p = new Float64Array(6);
    softmaxRows(z, p, 2, 3);
    // e^0, e^1, e^2 normalised: 0.0900306, 0.2447285, 0.6652410
    expect(p[0]).toBeCloseTo(0.09003057, 7);
    expect(p[2]).toBeCloseTo(0.66524096, 7);
    expect(p[3] + p[4] + p[5]).toBeCloseTo(1, 12);
  });

  test('bias add and column sums', () => {
    const z = new Float32Array([1, 2, 3, 4]);
    addBias(z, new Float32Array([10, 20]), 2, 2);
    expect(Array.from(z)).toEqual([11, 22, 13, 24]);
    const s = new Float32Array(2);
    columnSums(z, s, 2, 2);
    expect(Array.from(s)).toEqual([24, 46]);
  });
});

describe('Rng', () => {
  test('same seed, same stream; different seeds differ; state round-trips', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(new Rng(43).uniform()).not.toBe(xs[0]);
    const state = a.getState();
    const next = [a.uniform(), a.normal(), a.normal()];
    a.setState(state);
    expect([a.uniform(), a.normal(), a.normal()]).toEqual(next);
  });

  test('uniform is in [0, 1) with mean ≈ 1/2; normal has mean ≈ 0 and variance ≈ 1', () => {
    const r = new Rng(7);
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const g = r.normal();
      sn += g;
      sn2 += g * g;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });

  test('permutation is a permutation', () => {
    const p = new Rng(1).permutation(100);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
