/**
 * Golden values: MATH.md §17. θ0 = 1 (float64), the gradients G1 or G2 fed directly, one update
 * per entry; every Keras 3 row and every PyTorch row reachable through an option. Tolerance 1e-6
 * relative. Hyper-parameters as in §17: SGD lr .1 μ .9; Adagrad lr .1; Adadelta lr 1 ρ .95 ε 1e-7;
 * RMSprop lr .01 ρ .9 ε 1e-7 (μ .5 for the momentum rows); Adam family lr .01 β .9/.999 ε 1e-7;
 * AdamW wd .004; SGD weight decay .01; legacy decay 0.5.
 */
import type { Optimizer } from '../../src/optim/optimizer';
import { SGD } from '../../src/optim/sgd';
import { Adagrad } from '../../src/optim/adagrad';
import { Adadelta } from '../../src/optim/adadelta';
import { RMSprop } from '../../src/optim/rmsprop';
import { Adam } from '../../src/optim/adam';
import { AdamW } from '../../src/optim/adamw';
import { Adamax } from '../../src/optim/adamax';
import { Nadam } from '../../src/optim/nadam';
import { G1, G2, expectClose, trajectory } from './helpers';

type Row = [label: string, make: () => Optimizer, expected: number[]];

const sgd = { learningRate: 0.1 };
const rms = { learningRate: 0.01, rho: 0.9, epsilon: 1e-7 };
const adam = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const pt = 'pytorch' as const;

const g1Rows: Row[] = [
  ['SGD', () => new SGD(sgd), [0.95, 0.98, 0.9, 0.9, 0.78]],
  ['SGD momentum', () => new SGD({ ...sgd, momentum: 0.9 }), [0.95, 0.935, 0.8415, 0.75735, 0.561615]],
  ['SGD momentum, PT buffer', () => new SGD({ ...sgd, momentum: 0.9, momentumConvention: pt }), [0.95, 0.935, 0.8415, 0.75735, 0.561615]],
  ['SGD Nesterov', () => new SGD({ ...sgd, momentum: 0.9, nesterov: true }), [0.905, 0.9215, 0.75735, 0.681615, 0.3854535]],
  [
    'SGD Nesterov, PT buffer',
    () => new SGD({ ...sgd, momentum: 0.9, nesterov: true, momentumConvention: pt }),
    [0.905, 0.9215, 0.75735, 0.681615, 0.3854535],
  ],
  ['SGD legacy decay 0.5', () => new SGD({ ...sgd, decay: 0.5 }), [0.95, 0.97, 0.93, 0.93, 0.89]],
  ['SGD wd .01 (K3 = PT)', () => new SGD({ ...sgd, weightDecay: 0.01 }), [0.949, 0.978051, 0.897072949, 0.896175876, 0.7752797]],
  [
    'SGD wd .01 coupled (PT)',
    () => new SGD({ ...sgd, weightDecay: 0.01, weightDecayMode: 'coupled' }),
    [0.949, 0.978051, 0.897072949, 0.896175876, 0.7752797],
  ],
  [
    'K3 SGD μ.9 wd .01',
    () => new SGD({ ...sgd, momentum: 0.9, weightDecay: 0.01 }),
    [0.949, 0.933051, 0.838617949, 0.753629331, 0.557140702],
  ],
  [
    'PT SGD μ.9 wd .01',
    () => new SGD({ ...sgd, momentum: 0.9, weightDecay: 0.01, weightDecayMode: 'coupled', momentumConvention: pt }),
    [0.949, 0.932151, 0.836054749, 0.748732068, 0.549392924],
  ],
  [
    'PT Adagrad (init 0, ε 1e-10)',
    () => new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0, epsilon: 1e-10, epsilonConvention: pt }),
    [0.9, 0.951449576, 0.870637372, 0.870637372, 0.79349845],
  ],
  ['K3 Adagrad (init .1)', () => new Adagrad({ learningRate: 0.1 }), [0.915484587, 0.960711283, 0.883731251, 0.883731251, 0.808138358]],
  [
    'K3 = PT Adadelta',
    () => new Adadelta({ learningRate: 1, rho: 0.95, epsilon: 1e-7 }),
    [0.998585792, 0.999634232, 0.997800138, 0.997800138, 0.99557503],
  ],
  ['K3 Nadam', () => new Nadam(adam), [0.989372124, 0.994012235, 0.985244461, 0.984308688, 0.974429847]],
  [
    'PT NAdam (momentumDecay .004)',
    () => new Nadam({ ...adam, momentumDecay: 0.004 }),
    [0.989435484, 0.994273083, 0.985039046, 0.984258913, 0.973326956],
  ],
];

const g2Rows: Row[] = [
  ['K3 Adam', () => new Adam(adam), [0.990031523, 0.990556664, 0.990065406, 0.989662997, 0.987540628]],
  ['PT Adam', () => new Adam({ ...adam, epsilonConvention: pt }), [0.990001, 0.990527263, 0.990034976, 0.989631732, 0.987505235]],
  ['K3 AdamW', () => new AdamW({ ...adam, weightDecay: 0.004 }), [0.989991523, 0.990477065, 0.989946187, 0.989504181, 0.987342231]],
  [
    'PT AdamW',
    () => new AdamW({ ...adam, weightDecay: 0.004, epsilonConvention: pt }),
    [0.989961, 0.990447665, 0.989915759, 0.989472919, 0.987306843],
  ],
  ['K3 RMSprop', () => new RMSprop(rms), [0.97763932, 0.996208854, 0.992395004, 0.992395004, 0.982714058]],
  ['PT RMSprop', () => new RMSprop({ ...rms, epsilonConvention: pt }), [0.96838722, 0.991323532, 0.98654376, 0.98654376, 0.97430237]],
  ['K3 RMSprop mom .5', () => new RMSprop({ ...rms, momentum: 0.5 }), [0.97763932, 0.985028514, 0.984909261, 0.984849634, 0.975138875]],
  [
    'PT RMSprop mom .5',
    () => new RMSprop({ ...rms, momentum: 0.5, epsilonConvention: pt, momentumConvention: pt }),
    [0.96838722, 0.975517142, 0.974302331, 0.973694925, 0.961149832],
  ],
  ['K3 RMSprop centered', () => new RMSprop({ ...rms, centered: true }), [0.977058427, 0.995631163, 0.991816473, 0.991816473, 0.982071932]],
  [
    'PT RMSprop centered',
    () => new RMSprop({ ...rms, centered: true, epsilonConvention: pt }),
    [0.966677774, 0.989620122, 0.984838698, 0.984838698, 0.972467932],
  ],
  ['K3 Adamax', () => new Adamax(adam), [0.990001, 0.990527263, 0.990120993, 0.989832571, 0.988389843]],
  ['PT Adamax', () => new Adamax({ ...adam, epsilonConvention: pt }), [0.990001, 0.990527263, 0.990120993, 0.989832571, 0.988389843]],
  ['K3 Nadam', () => new Nadam(adam), [0.989373185, 0.996088845, 0.994651713, 0.994575386, 0.990526874]],
  [
    'PT NAdam (momentumDecay .004)',
    () => new Nadam({ ...adam, momentumDecay: 0.004 }),
    [0.989436539, 0.996380952, 0.994850893, 0.99478726, 0.990252746],
  ],
  [
    'PT Adagrad (init 0)',
    () => new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0, epsilon: 1e-10, epsilonConvention: pt }),
    [0.90000001, 0.970710683, 0.956707883, 0.956707883, 0.923666955],
  ],
  ['K3 Adagrad (init .1)', () => new Adagrad({ learningRate: 0.1 }), [0.999683774, 0.999999998, 0.999936753, 0.999936753, 0.999778641]],
];

describe('MATH.md §17 golden values, G1 = [0.5, −0.3, 0.8, 0, 1.2]', () => {
  test.each(g1Rows)('%s', (_label, make, expected) => expectClose(trajectory(make(), G1), expected));
});

describe('MATH.md §17 golden values, G2 = [1e-3, −1e-3, 2e-4, 0, 5e-4]', () => {
  test.each(g2Rows)('%s', (_label, make, expected) => expectClose(trajectory(make(), G2), expected));
});
