/**
 * `mlp trace`: the step it prints is the engine's step (same weights as Sequential.trainStep), and
 * its numbers agree with a hand calculation.
 */
import { trace, traceModel, type TraceOptions } from '../../src/train/explain/trace';
import { formatTrace } from '../../src/train/explain/trace-format';
import { Tensor } from '../../src/tensor';
import { register } from '../../bin/commands/trace';
import { runCommand } from './helpers';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('trace', () => {
  test('a hand-worked 2-2-2 sigmoid/softmax step with SGD lr 1', () => {
    // W1 = I, b1 = 0, W2 = [[1, 2], [0, -1]], b2 = [0.5, 0], x = [1, 0], label 0.
    const r = trace({
      arch: [2, 2, 2],
      x: [[1, 0]],
      labels: [0],
      weights: [
        [1, 0, 0, 1],
        [0, 0],
        [1, 2, 0, -1],
        [0.5, 0],
      ],
      optimizerOptions: { learningRate: 1 },
    });
    const s = r.steps[0];
    // z1 = x·W1 + b1 = [1, 0];  a1 = [σ(1), σ(0)] = [0.7310585786, 0.5]
    const a1 = [sigmoid(1), 0.5];
    expect(s.forward[0].z!.data).toEqual([1, 0]);
    expect(s.forward[0].a.data[0]).toBeCloseTo(a1[0], 14);
    // z2 = a1·W2 + b2 = [a1₀ + 0.5, 2·a1₀ − a1₁]
    const z2 = [a1[0] + 0.5, 2 * a1[0] - a1[1]];
    // p = softmax(z2);  loss = −log p₀
    const e = z2.map(Math.exp);
    const p = e.map((v) => v / (e[0] + e[1]));
    expect(s.loss).toBeCloseTo(-Math.log(p[0]), 14);
    // δ2 = p − y (B = 1);  ∂W2 = a1ᵀ·δ2;  ∂b2 = δ2
    const d2 = [p[0] - 1, p[1]];
    const out = s.backward[0];
    expect(out.delta!.data[0]).toBeCloseTo(d2[0], 14);
    expect(out.grads.kernel.data[1]).toBeCloseTo(a1[0] * d2[1], 14);
    // ∂L/∂a1 = δ2·W2ᵀ = [δ2₀·1 + δ2₁·2, δ2₀·0 + δ2₁·(−1)];  δ1 = ∂L/∂a1 ⊙ a1(1 − a1)
    const dA1 = [d2[0] + 2 * d2[1], -d2[1]];
    const d1 = [dA1[0] * a1[0] * (1 - a1[0]), dA1[1] * 0.25];
    const hidden = s.backward[1];
    expect(hidden.dA!.data[0]).toBeCloseTo(dA1[0], 14);
    expect(hidden.delta!.data[1]).toBeCloseTo(d1[1], 14);
    // ∂W1 = xᵀ·δ1 = [[δ1₀, δ1₁], [0, 0]];  W1 ← W1 − 1·∂W1
    expect(hidden.grads.kernel.data).toEqual([d1[0], d1[1], 0, 0].map((v) => expect.closeTo(v, 14)));
    const w1 = s.params[0];
    expect(w1.after.data[0]).toBeCloseTo(1 - d1[0], 14);
    expect(w1.update.data[1]).toBeCloseTo(-d1[1], 14);
    expect(s.lr).toBe(1);
    expect(s.t).toBe(1);
  });

  const cases: [string, TraceOptions][] = [
    ['sgd momentum', { arch: [3, 4, 2], optimizerOptions: { learningRate: 0.5, momentum: 0.4 }, batch: 3, steps: 3 }],
    ['adam relu', { arch: [3, 4, 3], activation: 'relu', optimizer: 'adam', batch: 2, steps: 2 }],
    ['prelu rmsprop', { arch: [2, 3, 2], activation: 'prelu', alpha: 0.1, optimizer: 'rmsprop', batch: 2, steps: 2 }],
    ['leaky-relu l2', { arch: [2, 3, 2], activation: 'leaky-relu', l2: 0.01, batch: 2 }],
  ];

  test.each(cases)('%s: the traced weights equal Sequential.trainStep on the same model', (_name, opts) => {
    const r = trace(opts);
    const model = traceModel(opts);
    const x = new Tensor(Float64Array.from(r.x.data), [r.x.rows, r.x.cols]);
    const y = new Tensor(Float64Array.from(r.y.data), [r.y.rows, r.y.cols]);
    for (let s = 0; s < r.steps.length; s++) {
      const { loss } = model.trainStep(x, y);
      expect(r.steps[s].loss).toBeCloseTo(loss, 12);
    }
    const traced = r.model.params().map((p) => Array.from(p.value));
    expect(model.params().map((p) => Array.from(p.value))).toEqual(traced);
    expect(r.steps[r.steps.length - 1].params.map((p) => p.after.data)).toEqual(traced);
  });

  test('the printed trace names every quantity, with the optimizer state', () => {
    const text = formatTrace(trace({ arch: [2, 3, 2], optimizer: 'adam', roundWeights: 1 }), 6);
    for (const s of [
      'x (input rows)',
      'z[1] = x·W[1] + b[1]',
      'a[2] = softmax(z[2])',
      'δ[2] = (p − y)/B',
      'δ[1] =',
      '∂W[1] = xᵀ·δ[1]',
      '∂b[2]',
      'loss = ',
      'optimizer Adam: t = 1',
      'm of W[1]',
      'v of b[2]',
      'update ΔW[2]',
    ]) {
      expect(text).toContain(s);
    }
  });

  test('bad input is an MlpError naming the flag', () => {
    expect(() => trace({ arch: [2] })).toThrow(/--arch/);
    expect(() => trace({ arch: [2, 2], x: [[1, 2, 3]] })).toThrow(/2 numbers/);
    expect(() => trace({ arch: [2, 2], labels: [5] })).toThrow(/0\.\.1/);
  });

  test('the command parses flags and prints the trace', async () => {
    const args = ['trace', '--arch', '2-2-2', '--x', '0.5,0.25', '--labels', '1', '--momentum', '0.4', '--steps', '2', '--digits', '5'];
    const text = await runCommand(register, args);
    expect(text).toMatch(/\[ +0\.5 +0\.25 \]/);
    expect(text).toContain('momentum=0.4');
    expect(text).toContain('== step 2 ==');
  });
});
