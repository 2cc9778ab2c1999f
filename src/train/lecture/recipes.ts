/**
 * Every experiment of the lecture "Neural network training tricks II" (L7) as a recipe: the runs
 * its script compares, the --quick settings the tests use, and the qualitative claim the lecture
 * makes about the result (recipe.ts explains the format).
 *
 * The base network is runExperiment's default, the lecture's: 784-30-10, sigmoid, softmax,
 * categorical cross-entropy, SGD(lr 1.0), batch 120, 100 epochs, the first 10 000 MNIST training
 * images, validation on images 50 000–59 999 and the test set for the final numbers.
 * One deliberate difference: the lecture passes the TEST set as `validation_data` in most scripts;
 * the dashed curves here are the independent validation images (as in its ex_ml7_1c), and the
 * test set is only evaluated once, at the end (its own advice on an unbiased estimate).
 */
import type { PartialTrainConfig } from '../experiment/config';
import type { Recipe } from './recipe';

/** The quick settings most recipes share: 784-30-10 on 1 000 images, small evaluation sets. */
const QUICK: PartialTrainConfig = { trainSize: 1000, validSize: 2000, testSize: 2000, epochs: 12 };
/** The deeper network of ex_ml7_3d. */
const DEEP = [784, 256, 256, 10];

const sgd = (learningRate: number, momentum = 0): PartialTrainConfig => ({
  optimizer: 'sgd',
  optimizerOptions: momentum ? { learningRate, momentum } : { learningRate },
});

export const RECIPES: Recipe[] = [
  {
    name: 'overtraining',
    script: 'ex_ml7_1',
    title: 'The overtraining issue',
    about:
      'The base network trained for 100 epochs on 10 000 images: the training loss keeps falling while the validation loss reaches a minimum early and then rises again.',
    runs: [{ label: '10k training images', config: {} }],
    quick: { ...QUICK, trainSize: 500, epochs: 60 },
    claim: {
      text: 'the validation loss ends above the training loss and has risen from its minimum (overtraining)',
      conditions: [
        { run: '10k training images', stat: 'lossGap', op: '>', than: 0 },
        { run: '10k training images', stat: 'valLossRise', op: '>', than: 0 },
      ],
    },
    implementedBy: [{ dir: 'src/train', pattern: '^export class Sequential\\b' }],
  },
  {
    name: 'more-data',
    script: 'ex_ml7_1 (50k)',
    title: 'Training data does matter',
    about: 'The same network and settings with 50 000 instead of 10 000 training images: the gap between training and validation narrows.',
    runs: [
      { label: '10k training images', config: { trainSize: 10000 } },
      { label: '50k training images', config: { trainSize: 50000 } },
    ],
    quick: { ...QUICK, epochs: 15 },
    quickRuns: { '10k training images': { trainSize: 500 }, '50k training images': { trainSize: 4000 } },
    claim: {
      text: 'more training data narrows the gap between validation and training loss',
      conditions: [{ run: '50k training images', stat: 'lossGap', op: '<', than: { run: '10k training images', stat: 'lossGap' } }],
    },
    implementedBy: [{ dir: 'src/train/experiment', pattern: '^export function loadExperimentData\\b' }],
  },
  {
    name: 'l2-output',
    script: 'ex_ml7_1a',
    title: 'Regularization: l2(0.01) on the output layer',
    about:
      "Keras's `kernel_regularizer=l2(0.01)` on the output Dense layer adds 0.01·Σw² to the loss, so each step also shrinks the output weights (weight decay).",
    runs: [
      { label: 'no regularization', config: {} },
      { label: 'l2(0.01) on the output layer', config: { reg: 'l2', regStrength: 0.01, regLayers: 'output' } },
    ],
    quick: { ...QUICK, trainSize: 500, epochs: 25 },
    claim: {
      text: 'the weight penalty reduces overtraining: a smaller gap between validation and training loss',
      conditions: [{ run: 'l2(0.01) on the output layer', stat: 'lossGap', op: '<', than: { run: 'no regularization', stat: 'lossGap' } }],
    },
    implementedBy: [
      { dir: 'src/layers', pattern: '^export class Regularizer\\b' },
      { dir: 'src/layers', pattern: '^  override addRegularizationGradients\\b' },
    ],
  },
  {
    name: 'dropout',
    script: 'ex_ml7_1b',
    title: 'Dropout(0.2) on the input and the hidden layer',
    about:
      'Each training step drops 20% of the inputs and 20% of the hidden units at random (inverted dropout); at test time nothing is dropped.',
    runs: [
      { label: 'no dropout', config: {} },
      { label: 'Dropout(0.2) on input and hidden', config: { inputDropout: 0.2, hiddenDropout: 0.2 } },
    ],
    quick: { ...QUICK, trainSize: 500, epochs: 25 },
    claim: {
      text: 'dropout narrows the gap between validation and training loss',
      conditions: [{ run: 'Dropout(0.2) on input and hidden', stat: 'lossGap', op: '<', than: { run: 'no dropout', stat: 'lossGap' } }],
    },
    implementedBy: [{ dir: 'src/layers', pattern: '^export class Dropout\\b' }],
  },
  {
    name: 'early-stopping',
    script: 'ex_ml7_1c',
    title: 'Early stopping on an independent validation set',
    about:
      "EarlyStopping(monitor='val_loss', patience=3) on the validation images 50 000–59 999: training stops 3 epochs after the best validation loss, and the test set gives the unbiased final number.",
    runs: [{ label: 'EarlyStopping(val_loss, patience 3)', config: { earlyStopping: { monitor: 'val_loss', patience: 3 } } }],
    quick: { ...QUICK, trainSize: 500, epochs: 60 },
    claim: {
      text: 'training stops before the epoch limit, 3 epochs after the best validation loss',
      conditions: [
        { run: 'EarlyStopping(val_loss, patience 3)', stat: 'epochsLeft', op: '>', than: 0 },
        { run: 'EarlyStopping(val_loss, patience 3)', stat: 'bestFromEnd', op: '<=', than: 4 },
        { run: 'EarlyStopping(val_loss, patience 3)', stat: 'bestFromEnd', op: '>=', than: 4 },
      ],
    },
    implementedBy: [{ dir: 'src/train/callbacks', pattern: '^export class EarlyStopping\\b' }],
    // The lecture's slide "Early stopping (III)": Keras output of ex_ml7_1c.
    reported: {
      epochs: 18,
      epoch1: { loss: 1.4, accuracy: 0.5901, val_loss: 0.4741, val_accuracy: 0.8778 },
      train: { loss: 0.10855, accuracy: 0.9714 },
      valid: { loss: 0.21193, accuracy: 0.9371 },
      test: { loss: 0.22961, accuracy: 0.9295 },
    },
  },
  {
    name: 'augment-rotate',
    script: 'ex_ml7_2',
    title: 'Artificial data expanding: rotated copies',
    about:
      'The training set tripled: every image, one copy rotated by U(+5°, +25°) and one by U(−25°, −5°) (bilinear, as skimage.transform.rotate), then trained as before.',
    runs: [
      { label: '10k originals', config: {} },
      { label: '10k + 2 rotated copies (30k)', config: { augment: 'rotate' } },
    ],
    quick: { ...QUICK, trainSize: 500, epochs: 15 },
    claim: {
      text: 'the expanded training set gives a better test accuracy ("some positive effect"; the lecture\'s curves for this script are on the test set)',
      conditions: [
        { run: '10k + 2 rotated copies (30k)', stat: 'test_accuracy', op: '>', than: { run: '10k originals', stat: 'test_accuracy' } },
      ],
    },
    implementedBy: [
      { dir: 'src/train/data', pattern: '^export function rotate\\b' },
      { dir: 'src/train/data', pattern: '^export function expandByRotation\\b' },
    ],
    digitFigure: true,
  },
  {
    name: 'learning-rate',
    script: 'ex_ml7_3',
    title: 'The learning rate: SGD lr 0.2 vs 2.0 vs 20',
    about: 'θ ← θ − lr·∇L with three learning rates: too small learns slowly, too large turns the descent into a random walk.',
    runs: [
      { label: 'SGD lr 0.2', config: sgd(0.2) },
      { label: 'SGD lr 2.0', config: sgd(2.0) },
      { label: 'SGD lr 20', config: { ...sgd(20), onNaN: 'continue' } },
    ],
    quick: { ...QUICK, epochs: 8 },
    claim: {
      text: 'lr 20 does worse than lr 2.0',
      conditions: [{ run: 'SGD lr 20', stat: 'val_loss', op: '>', than: { run: 'SGD lr 2.0', stat: 'val_loss' } }],
    },
    implementedBy: [{ dir: 'src/optim', pattern: '^export class SGD\\b' }],
  },
  {
    name: 'momentum',
    script: 'ex_ml7_3a',
    title: 'Keep the momentum: SGD lr 1.0 with momentum 0 vs 0.4',
    about:
      'm ← momentum·m − lr·g; θ ← θ + m: the step keeps 40% of the previous one, which speeds up the descent along a consistent direction.',
    runs: [
      { label: 'momentum 0', config: sgd(1.0) },
      { label: 'momentum 0.4', config: sgd(1.0, 0.4) },
    ],
    quick: { ...QUICK, epochs: 8 },
    claim: {
      text: 'with momentum the training loss is lower after the same number of epochs',
      conditions: [{ run: 'momentum 0.4', stat: 'loss', op: '<', than: { run: 'momentum 0', stat: 'loss' } }],
    },
    implementedBy: [{ dir: 'src/optim', pattern: '^export class SGD\\b' }],
  },
  {
    name: 'batch-size',
    script: 'ex_ml7_3b',
    title: 'Size of the mini-batch: 10 vs 30 vs 300',
    about:
      'Small batches make many noisy updates per epoch; large ones few smooth updates. After the same number of epochs the large batch has taken 30× fewer steps.',
    runs: [
      { label: 'batch 10', config: { batchSize: 10 } },
      { label: 'batch 30', config: { batchSize: 30 } },
      { label: 'batch 300', config: { batchSize: 300 } },
    ],
    quick: { ...QUICK, epochs: 8 },
    claim: {
      text: 'after the same epochs, batch 300 (fewer updates) has a higher training loss than batch 30',
      conditions: [{ run: 'batch 300', stat: 'loss', op: '>', than: { run: 'batch 30', stat: 'loss' } }],
    },
    implementedBy: [{ dir: 'src/train', pattern: '^export async function fitModel\\b' }],
  },
  {
    name: 'optimizers',
    script: 'ex_ml7_3c',
    title: 'Different training algorithms: SGD vs RMSprop vs Adadelta vs Adam',
    about: 'SGD(lr 1.0), RMSprop(), Adadelta(lr 1.0) and Adam() (Keras 3 defaults otherwise) on the base network.',
    runs: [
      { label: 'SGD(1.0)', config: sgd(1.0) },
      { label: 'RMSprop()', config: { optimizer: 'rmsprop' } },
      { label: 'Adadelta(1.0)', config: { optimizer: 'adadelta', optimizerOptions: { learningRate: 1.0 } } },
      { label: 'Adam()', config: { optimizer: 'adam' } },
    ],
    quick: { ...QUICK, epochs: 8 },
    claim: {
      text: 'with this simple network SGD performs about as well as the adaptive methods (validation accuracy within 2 points of the best)',
      conditions: ['RMSprop()', 'Adadelta(1.0)', 'Adam()'].map((other) => ({
        run: 'SGD(1.0)',
        stat: 'val_accuracy' as const,
        op: '>=' as const,
        than: { run: other, stat: 'val_accuracy' as const, plus: -0.02 },
      })),
    },
    implementedBy: [
      { dir: 'src/optim', pattern: '^export class RMSprop\\b' },
      { dir: 'src/optim', pattern: '^export class Adadelta\\b' },
      { dir: 'src/optim', pattern: '^export class Adam\\b' },
    ],
  },
  {
    name: 'relu-vs-sigmoid',
    script: 'ex_ml7_3d',
    title: 'ReLU vs sigmoid on 784-256-256-10',
    about: 'The deeper network for 40 epochs: sigmoid with SGD(1.0) against ReLU with SGD(0.2).',
    runs: [
      { label: 'sigmoid, SGD(1.0)', config: { arch: DEEP, activation: 'sigmoid', epochs: 40, ...sgd(1.0) } },
      { label: 'relu, SGD(0.2)', config: { arch: DEEP, activation: 'relu', epochs: 40, ...sgd(0.2) } },
    ],
    quick: { ...QUICK, epochs: 4 },
    claim: {
      text: 'ReLU reaches a better validation accuracy than sigmoid within the same epochs',
      conditions: [{ run: 'relu, SGD(0.2)', stat: 'val_accuracy', op: '>', than: { run: 'sigmoid, SGD(1.0)', stat: 'val_accuracy' } }],
    },
    implementedBy: [{ dir: 'src/layers', pattern: '^const relu: ActivationFn\\b' }],
  },
  {
    name: 'leaky-prelu',
    script: '(for your own study)',
    title: 'ReLU vs LeakyReLU vs PReLU on 784-256-256-10',
    about:
      'The deeper network with SGD(0.2) for 40 epochs and three rectifiers: ReLU, LeakyReLU (fixed slope α = 0.3, Keras default) and PReLU (one trainable α per unit, starting at 0).',
    runs: [
      { label: 'relu', config: { arch: DEEP, activation: 'relu', epochs: 40, ...sgd(0.2) } },
      { label: 'LeakyReLU(0.3)', config: { arch: DEEP, activation: 'leaky-relu', epochs: 40, ...sgd(0.2) } },
      { label: 'PReLU', config: { arch: DEEP, activation: 'prelu', epochs: 40, ...sgd(0.2) } },
    ],
    quick: { ...QUICK, epochs: 3 },
    claim: {
      text: 'all three rectifiers train the deeper network, to a validation accuracy above 50% (chance is 10%) (the lecture makes no claim about which is best)',
      conditions: ['relu', 'LeakyReLU(0.3)', 'PReLU'].map((run) => ({ run, stat: 'val_accuracy' as const, op: '>' as const, than: 0.5 })),
    },
    implementedBy: [
      { dir: 'src/layers', pattern: '^export class LeakyReLU\\b' },
      { dir: 'src/layers', pattern: '^export class PReLU\\b' },
    ],
  },
];

export function recipeNames(): string[] {
  return RECIPES.map((r) => r.name);
}
