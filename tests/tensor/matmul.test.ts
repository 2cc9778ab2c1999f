import { matmulJs } from '../../src/tensor/matmul';
import { Rng } from '../../src/tensor/rng';
import { CASES, TRANSPOSES, randomArray, reference, worstRelativeError } from './matmulReference';

describe('matmulJs (the blocked TypeScript kernel)', () => {
  for (const c of CASES) {
    for (const [transA, transB] of TRANSPOSES) {
      const label = `${c.m}×${c.k}×${c.n} transA=${transA} transB=${transB}`;

      it(`float32 matches the float64 triple loop: ${label}`, () => {
        const rng = new Rng(c.m * 1000 + c.k + c.n);
        const a = randomArray(rng, c.m * c.k);
        const b = randomArray(rng, c.k * c.n);
        const out = new Float32Array(c.m * c.n).fill(123); // overwritten, not added to
        matmulJs(a, b, out, c.m, c.k, c.n, transA, transB, false);
        expect(worstRelativeError(out, reference(a, b, null, c, transA, transB))).toBeLessThan(1e-6);
      });

      it(`float64 stays exact to float64 rounding, accumulating: ${label}`, () => {
        const rng = new Rng(7 + c.m + c.k * 3 + c.n * 5);
        const a = randomArray(rng, c.m * c.k, 'float64');
        const b = randomArray(rng, c.k * c.n, 'float64');
        const c0 = randomArray(rng, c.m * c.n, 'float64');
        const out = c0.slice();
        matmulJs(a, b, out, c.m, c.k, c.n, transA, transB, true);
        expect(worstRelativeError(out, reference(a, b, c0, c, transA, transB))).toBeLessThan(1e-13);
      });
    }
  }

  it('writes only the m×n block of a longer output array', () => {
    const a = new Float32Array([1, 2, 3, 4]); // 2×2
    const b = new Float32Array([5, 6, 7, 8]); // 2×2
    const out = new Float32Array(6).fill(-1);
    matmulJs(a, b, out, 2, 2, 2);
    // [1 2; 3 4]·[5 6; 7 8] = [1·5+2·7, 1·6+2·8; 3·5+4·7, 3·6+4·8]
    expect(Array.from(out)).toEqual([19, 22, 43, 50, -1, -1]);
  });

  it('k = 0 gives zeros (or leaves out unchanged when accumulating)', () => {
    const out = new Float32Array([1, 2, 3]);
    matmulJs(new Float32Array(0), new Float32Array(0), out, 1, 0, 3, false, false, true);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    matmulJs(new Float32Array(0), new Float32Array(0), out, 1, 0, 3);
    expect(Array.from(out)).toEqual([0, 0, 0]);
  });
});
