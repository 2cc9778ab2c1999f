/**
 * Hand-worked two-step examples, one or more per optimizer, with the arithmetic beside the expected
 * numbers (tfjs adam_optimizer_test style). Hyper-parameters are chosen so that every term shows:
 * large ε to separate the Keras and PyTorch ε placements, a learning-rate change (decay 1: lr .1 then
 * .05) to separate the momentum conventions. Parameters are float64; tolerance 1e-12 relative.
 */
import { SGD } from '../../src/optim/sgd';
import { Adagrad } from '../../src/optim/adagrad';
import { Adadelta } from '../../src/optim/adadelta';
import { RMSprop } from '../../src/optim/rmsprop';
import { Adam } from '../../src/optim/adam';
import { AdamW } from '../../src/optim/adamw';
import { Adamax } from '../../src/optim/adamax';
import { Nadam } from '../../src/optim/nadam';
import { expectCloseAll, steps } from './helpers';

describe('SGD', () => {
  test('momentum (Keras velocity), lr .1, μ .5', () => {
    // t=1: m = .5·0 − .1·[1, −2] = [−.1, .2];          θ = [1, 2] + m = [.9, 2.2]
    // t=2: m = .5·[−.1, .2] − .1·[2, 0] = [−.25, .1];  θ = [.9, 2.2] + m = [.65, 2.3]
    expectCloseAll(
      steps(
        new SGD({ learningRate: 0.1, momentum: 0.5 }),
        [1, 2],
        [
          [1, -2],
          [2, 0],
        ],
      ),
      [
        [0.9, 2.2],
        [0.65, 2.3],
      ],
    );
  });
  test('Nesterov, lr .1, μ .5', () => {
    // t=1: m = [−.1, .2];   θ += .5·m − .1·g = [−.05 − .1, .1 + .2] = [−.15, .3]     → [.85, 2.3]
    // t=2: m = [−.25, .1];  θ += .5·m − .1·g = [−.125 − .2, .05 − 0] = [−.325, .05] → [.525, 2.35]
    const opt = new SGD({ learningRate: 0.1, momentum: 0.5, nesterov: true });
    expectCloseAll(
      steps(
        opt,
        [1, 2],
        [
          [1, -2],
          [2, 0],
        ],
      ),
      [
        [0.85, 2.3],
        [0.525, 2.35],
      ],
    );
  });
  test('PyTorch buffer with dampening .5: the first step copies g', () => {
    // t=1: b = g = [1, −2] (not (1 − .5)·g);  θ = [1, 2] − .1·b = [.9, 2.2]
    // t=2: b = .5·[1, −2] + .5·[2, 0] = [1.5, −1];  θ = [.9 − .15, 2.2 + .1] = [.75, 2.3]
    const opt = new SGD({ learningRate: 0.1, momentum: 0.5, dampening: 0.5, momentumConvention: 'pytorch' });
    expectCloseAll(
      steps(
        opt,
        [1, 2],
        [
          [1, -2],
          [2, 0],
        ],
      ),
      [
        [0.9, 2.2],
        [0.75, 2.3],
      ],
    );
  });
  test('the momentum conventions part when lr changes (legacy decay 1: lr .1, then .1/(1+1) = .05)', () => {
    // Keras: t=1 m = −.1·[1, −2] = [−.1, .2], θ = [.9, 2.2]
    //        t=2 m = .5·[−.1, .2] − .05·[2, 0] = [−.15, .1], θ = [.75, 2.3]
    const keras = new SGD({ learningRate: 0.1, momentum: 0.5, decay: 1 });
    expectCloseAll(
      steps(
        keras,
        [1, 2],
        [
          [1, -2],
          [2, 0],
        ],
      ),
      [
        [0.9, 2.2],
        [0.75, 2.3],
      ],
    );
    // PyTorch: t=1 b = [1, −2], θ = [.9, 2.2]
    //          t=2 b = .5·[1, −2] + [2, 0] = [2.5, −1], θ = [.9 − .05·2.5, 2.2 + .05·1] = [.775, 2.25]
    const torch = new SGD({ learningRate: 0.1, momentum: 0.5, decay: 1, momentumConvention: 'pytorch' });
    expectCloseAll(
      steps(
        torch,
        [1, 2],
        [
          [1, -2],
          [2, 0],
        ],
      ),
      [
        [0.9, 2.2],
        [0.775, 2.25],
      ],
    );
  });
  test('weight decay .5, decoupled (Keras) and coupled (PyTorch), lr .1', () => {
    // decoupled: θ ← θ − .1·.5·θ = [.95, 1.9], then θ − .1·[1, −2] = [.85, 2.1]
    expectCloseAll(steps(new SGD({ learningRate: 0.1, weightDecay: 0.5 }), [1, 2], [[1, -2]]), [[0.85, 2.1]]);
    // coupled: g ← g + .5·θ = [1.5, −1], θ − .1·g = [.85, 2.1] (equal without momentum)
    expectCloseAll(steps(new SGD({ learningRate: 0.1, weightDecay: 0.5, weightDecayMode: 'coupled' }), [1, 2], [[1, -2]]), [[0.85, 2.1]]);
    // with μ .5, t=2 (g = [2, 0]) separates them:
    // decoupled: θ = [.85·.95, 2.1·.95] = [.8075, 1.995]; m = .5·[−.1, .2] − .1·[2, 0] = [−.25, .1] → [.5575, 2.095]
    const decoupled = new SGD({ learningRate: 0.1, momentum: 0.5, weightDecay: 0.5 });
    expectCloseAll(
      steps(
        decoupled,
        [1, 2],
        [
          [1, -2],
          [2, 0],
        ],
      ),
      [
        [0.85, 2.1],
        [0.5575, 2.095],
      ],
    );
    // coupled: t=1 g = [1.5, −1], m = [−.15, .1], θ = [.85, 2.1]
    //          t=2 g = [2 + .425, 0 + 1.05] = [2.425, 1.05], m = [−.075 − .2425, .05 − .105] = [−.3175, −.055] → [.5325, 2.045]
    const coupled = new SGD({ learningRate: 0.1, momentum: 0.5, weightDecay: 0.5, weightDecayMode: 'coupled' });
    expectCloseAll(
      steps(
        coupled,
        [1, 2],
        [
          [1, -2],
          [2, 0],
        ],
      ),
      [
        [0.85, 2.1],
        [0.5325, 2.045],
      ],
    );
  });
});

describe('Adagrad', () => {
  test('Keras: ε inside the root; lr 1, initial accumulator 2, ε 2', () => {
    // t=1: g = [1.5, 0]  a = [2 + 2.25, 2] = [4.25, 2];  √(a + 2) = [2.5, 2];  θ = [1 − 1.5/2.5, 1 − 0] = [.4, 1]
    // t=2: g = [6, 1.5]  a = [40.25, 4.25];  √(a + 2) = [6.5, 2.5];  θ = [.4 − 6/6.5, 1 − 1.5/2.5] = [.4 − 12/13, .4]
    const opt = new Adagrad({ learningRate: 1, initialAccumulatorValue: 2, epsilon: 2 });
    expectCloseAll(
      steps(
        opt,
        [1, 1],
        [
          [1.5, 0],
          [6, 1.5],
        ],
      ),
      [
        [0.4, 1],
        [0.4 - 12 / 13, 0.4],
      ],
    );
  });
  test('PyTorch: ε outside the root, accumulator from 0; lr 1, ε .5', () => {
    // t=1: g = [3, 4]  a = [9, 16];  √a + .5 = [3.5, 4.5];  θ = [1 − 3/3.5, 1 − 4/4.5] = [1/7, 1/9]
    // t=2: g = [4, 3]  a = [25, 25]; √a + .5 = [5.5, 5.5];  θ = [1/7 − 4/5.5, 1/9 − 3/5.5]
    const opt = new Adagrad({ learningRate: 1, initialAccumulatorValue: 0, epsilon: 0.5, epsilonConvention: 'pytorch' });
    expectCloseAll(
      steps(
        opt,
        [1, 1],
        [
          [3, 4],
          [4, 3],
        ],
      ),
      [
        [1 / 7, 1 / 9],
        [1 / 7 - 4 / 5.5, 1 / 9 - 3 / 5.5],
      ],
    );
  });
});

describe('Adadelta', () => {
  test('lr 1, ρ .5, ε 1', () => {
    // t=1: g = 3  a = .5·0 + .5·9 = 4.5;  delta = −√(0 + 1)/√(4.5 + 1)·3 = −3/√5.5 = −1.2792042981336624
    //      u = .5·0 + .5·9/5.5 = 9/11;  θ = 1 + delta = −0.27920429813366243
    // t=2: g = 1  a = 2.25 + .5 = 2.75;  delta = −√(9/11 + 1)/√(2.75 + 1)·1 = −0.6963106238227913
    //      θ = −0.27920429813366243 − 0.6963106238227913 = −0.9755149219564537
    const opt = new Adadelta({ rho: 0.5, epsilon: 1 }); // lr defaults to 1.0
    expectCloseAll(steps(opt, [1], [[3], [1]]), [[-0.27920429813366243], [-0.9755149219564537]]);
  });
});

describe('RMSprop', () => {
  const base = { learningRate: 0.1, rho: 0.5, epsilon: 2 };
  const g = [[2], [-6]];
  test('Keras, ε inside: lr .1, ρ .5, ε 2', () => {
    // t=1: v = .5·4 = 2;        √(v + 2) = 2;            θ = 1 − .1·2/2 = .9
    // t=2: v = 1 + 18 = 19;     √(19 + 2) = 4.58257569495584;  θ = .9 + .6/4.58257569495584 = 1.0309307341415954
    expectCloseAll(steps(new RMSprop(base), [1], g), [[0.9], [1.0309307341415954]]);
  });
  test('PyTorch, ε outside', () => {
    // t=1: √2 + 2 = 3.414213562373095;   θ = 1 − .2/3.414213562373095 = .9414213562373095
    // t=2: √19 + 2 = 6.358898943540674;  θ = .9414213562373095 + .6/6.358898943540674 = 1.0357773139789364
    expectCloseAll(steps(new RMSprop({ ...base, epsilonConvention: 'pytorch' }), [1], g), [[0.9414213562373095], [1.0357773139789364]]);
  });
  test('centered with momentum .5 (Keras)', () => {
    // t=1: v = 2, gBar = 1;   den = √(2 − 1 + 2) = √3;  m = .1·2/√3 = .11547005383792516;  θ = .8845299461620748
    // t=2: v = 19, gBar = .5 − 3 = −2.5;  den = √(19 − 6.25 + 2) = 3.840572873934304
    //      m = .5·.11547005383792516 − .6/3.840572873934304 = −0.09849166625802609;  θ = 0.9830216124201009
    const opt = new RMSprop({ ...base, centered: true, momentum: 0.5 });
    expectCloseAll(steps(opt, [1], g), [[0.8845299461620748], [0.9830216124201009]]);
  });
  test('the momentum conventions part when lr changes (decay 1: lr .1, then .05)', () => {
    // Keras:   t=1 m = .1·2/2 = .1, θ = .9;  t=2 m = .05 − .05·6/4.58257569495584 = −0.015465367070797723, θ = 0.9154653670707977
    const keras = new RMSprop({ ...base, momentum: 0.5, decay: 1 });
    expectCloseAll(steps(keras, [1], g), [[0.9], [0.9154653670707977]]);
    // PyTorch: t=1 b = 2/2 = 1, θ = 1 − .1·1 = .9;  t=2 b = .5 − 6/4.58257569495584 = −0.8093073414159544, θ = .9 + .05·0.8093… = 0.9404653670707978
    const torch = new RMSprop({ ...base, momentum: 0.5, decay: 1, momentumConvention: 'pytorch' });
    expectCloseAll(steps(torch, [1], g), [[0.9], [0.9404653670707978]]);
  });
});

describe('Adam', () => {
  const base = { learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 1 };
  test('Keras ε-hat form: lr .1, β .5/.75, ε 1', () => {
    // t=1: m = 0 + (2 − 0)·.5 = 1;  v = 0 + (4 − 0)·.25 = 1;  alpha = .1·√(1 − .75)/(1 − .5) = .1
    //      θ = 1 − .1·1/(√1 + 1) = .95
    // t=2: m = 1 + (4 − 1)·.5 = 2.5;  v = 1 + (16 − 1)·.25 = 4.75;  alpha = .1·√.4375/.75 = 0.08819171036881969
    //      θ = .95 − alpha·2.5/(2.179449471770337 + 1) = 0.880654889193982
    expectCloseAll(steps(new Adam(base), [1], [[2], [4]]), [[0.95], [0.880654889193982]]);
  });
  test('PyTorch form: ε added to the bias-corrected √v, i.e. epsilonHat = ε·√(1 − β2^t)', () => {
    // t=1: epsilonHat = √.25 = .5;             θ = 1 − .1·1/(1 + .5) = 0.9333333333333333
    // t=2: epsilonHat = √.4375 = 0.6614378277661477;  θ = 0.9333… − alpha·2.5/(2.179449471770337 + 0.6614…) = 0.8557240329017315
    expectCloseAll(steps(new Adam({ ...base, epsilonConvention: 'pytorch' }), [1], [[2], [4]]), [
      [0.9333333333333333],
      [0.8557240329017315],
    ]);
  });
  test('AMSGrad keeps the largest v: lr .1, β .5/.5, ε 0', () => {
    // t=1: m = 1, v = 2, vHat = 2;  alpha = .1·√.5/.5 = 0.14142135623730953;  θ = 1 − alpha·1/√2 = .9
    // t=2: g = .5  m = .75, v = 2 + (.25 − 2)·.5 = 1.125, vHat = max(2, 1.125) = 2
    //      alpha = .1·√.75/.75 = 0.11547005383792515;  θ = .9 − alpha·.75/√2 = 0.8387627564304205
    //      (plain Adam divides by √1.125 instead: 0.8183503419072274)
    const opts = { learningRate: 0.1, beta1: 0.5, beta2: 0.5, epsilon: 0 };
    expectCloseAll(steps(new Adam({ ...opts, amsgrad: true }), [1], [[2], [0.5]]), [[0.9], [0.8387627564304205]]);
    expectCloseAll(steps(new Adam(opts), [1], [[2], [0.5]]), [[0.9], [0.8183503419072274]]);
  });
});

describe('AdamW', () => {
  test('decoupled decay, then Adam: lr .1, wd .5, β .5/.75, ε 1', () => {
    // t=1: θ = 1 − .1·.5·1 = .95;  Adam step as above: θ = .95 − .1·1/(1 + 1) = .9
    // t=2: θ = .9 − .05·.9 = .855;  θ = .855 − 0.08819171036881969·2.5/(2.179449471770337 + 1) = 0.785654889193982
    const opt = new AdamW({ learningRate: 0.1, weightDecay: 0.5, beta1: 0.5, beta2: 0.75, epsilon: 1 });
    expectCloseAll(steps(opt, [1], [[2], [4]]), [[0.9], [0.785654889193982]]);
    expect(new AdamW().weightDecay).toBe(0.004);
  });
});

describe('Adamax', () => {
  const base = { learningRate: 0.1, beta1: 0.5, beta2: 0.5, epsilon: 0.5 };
  test('Keras: ε added to u; lr .1, β .5/.5, ε .5', () => {
    // t=1: m = 1;  u = max(0, |2|) = 2;   θ = 1 − (.1/.5)·1/(2 + .5) = .92
    // t=2: m = 1 + (−.5 − 1)·.5 = .25;  u = max(.5·2, .5) = 1;  θ = .92 − (.1/.75)·.25/(1 + .5) = 0.8977777777777778
    expectCloseAll(steps(new Adamax(base), [1], [[2], [-0.5]]), [[0.92], [0.8977777777777778]]);
  });
  test('PyTorch: ε inside the max', () => {
    // t=1: u = max(0, 2 + .5) = 2.5;  θ = 1 − .2·1/2.5 = .92
    // t=2: u = max(.5·2.5, .5 + .5) = 1.25;  θ = .92 − (.1/.75)·.25/1.25 = 0.8933333333333334
    expectCloseAll(steps(new Adamax({ ...base, epsilonConvention: 'pytorch' }), [1], [[2], [-0.5]]), [[0.92], [0.8933333333333334]]);
  });
});

describe('Nadam', () => {
  const base = { learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 0 };
  test('Keras schedule 0.96^t: lr .1, β .5/.75, ε 0', () => {
    // t=1: uT = .5·(1 − .5·.96) = .26;  uNext = .5·(1 − .5·.9216) = .2696;  uProduct = .26
    //      m = 1, v = 1;  mHat = .2696·1/(1 − .26·.2696) + (1 − .26)·2/(1 − .26) = 2.2899224005918892
    //      vHat = 1/(1 − .75) = 4;  θ = 1 − .1·2.2899224005918892/2 = 0.8855038799704056
    // t=2: uT = .2696;  uNext = .5·(1 − .5·.884736) = .278816;  uProduct = .26·.2696 = .070096
    //      m = 2.5, v = 4.75;  mHat = .278816·2.5/(1 − .070096·.278816) + (1 − .2696)·4/(1 − .070096) = 3.8527641157746757
    //      vHat = 4.75/.4375 = 10.857142857142858;  θ = 0.8855… − .1·3.8527…/√10.857… = 0.7685769238449505
    expectCloseAll(steps(new Nadam(base), [1], [[2], [4]]), [[0.8855038799704056], [0.7685769238449505]]);
  });
  test('PyTorch schedule momentumDecay .004: u ≈ .25 barely moves', () => {
    // t=1: uT = .5·(1 − .5·.96^.004) = 0.25004081866183114;  uNext = 0.25008163065900973
    //      mHat = 2.266762450952654;  θ = 1 − .1·2.266762450952654/2 = 0.8866618774523674
    // t=2: uProduct = 0.06253061566226449;  mHat = 3.8349976660252514;  θ = 0.7702741126264394
    expectCloseAll(steps(new Nadam({ ...base, momentumDecay: 0.004 }), [1], [[2], [4]]), [[0.8866618774523674], [0.7702741126264394]]);
  });
});
