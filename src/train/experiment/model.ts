/**
 * The network a TrainConfig describes, built the way the lecture's scripts build it:
 *
 *   Reshape((784,), input_shape=(28, 28))          only when an example is not already flat
 *   Dropout(inputDropout)                           ex_ml7_1b, when inputDropout > 0
 *   for each hidden size h:
 *     Dense(h, activation) [+ LeakyReLU | PReLU]    leaky-relu and prelu are layers (Keras style)
 *     Dropout(hiddenDropout)                        when hiddenDropout > 0
 *   Dense(classes, outputActivation, kernel_regularizer)
 *
 * Regularisation (ex_ml7_1a) goes on the output kernel (`regLayers: 'output'`, the lecture's
 * choice) or on every Dense kernel ('all'), biases never (Keras `kernel_regularizer`). The strength
 * is a Keras coefficient (`regStrength`, default 0.01 = the lecture's l2(0.01)) or the lecture's λ:
 *   L2: penalty = λ/(2n)·Σw²  → l2 = λ/(2n)        L1: penalty = λ/n·Σ|w|  → l1 = λ/n
 * with n the number of training examples after augmentation (what one epoch sees).
 */
import { Dense, Dropout, LeakyReLU, PReLU, Reshape, l1, l1l2, l2, lectureL1, lectureL2, type Layer, type Regularizer } from '../../layers';
import { MlpError } from '../../tensor/errors';
import type { DType } from '../../tensor/tensor';
import { Sequential } from '../sequential';
import { DEFAULT_REG_STRENGTH, type RegKind, type TrainConfig } from './config';
import { buildOptimizer } from './optimizer';

/** A hidden activation: the Dense activation name, plus a layer to put after the Dense (or none). */
interface HiddenActivation {
  dense: string;
  after?: (alpha: number | null) => Layer;
}

/** Hidden activations by CLI name; leaky-relu and prelu are layers, as Keras writes them. */
export const HIDDEN_ACTIVATIONS: Record<string, HiddenActivation> = {
  sigmoid: { dense: 'sigmoid' },
  tanh: { dense: 'tanh' },
  relu: { dense: 'relu' },
  'leaky-relu': { dense: 'linear', after: (alpha) => new LeakyReLU({ alpha: alpha ?? undefined }) },
  prelu: { dense: 'linear', after: (alpha) => new PReLU({ alphaInitializer: alpha ?? undefined }) },
  linear: { dense: 'linear' },
};

/** Activations whose derivative has a kink at 0 (gradient checks can cross it). */
export const KINKED_ACTIVATIONS = new Set(['relu', 'leaky-relu', 'prelu']);

/** Spellings accepted for the hidden activation (Keras snake_case, camelCase). */
const ACTIVATION_ALIASES: Record<string, string> = {
  leaky_relu: 'leaky-relu',
  leakyRelu: 'leaky-relu',
  leakyrelu: 'leaky-relu',
  PReLU: 'prelu',
};

export function canonicalActivation(name: string): string {
  const key = ACTIVATION_ALIASES[name] ?? name;
  if (!HIDDEN_ACTIVATIONS[key]) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `unknown activation '${name}' (--activation): valid activations are ${Object.keys(HIDDEN_ACTIVATIONS).join(', ')}`,
    );
  }
  return key;
}

type RegFactory = (strength: number | null, lambda: number | null, n: number) => Regularizer;

const REGULARIZERS: Record<Exclude<RegKind, 'none'>, RegFactory> = {
  l1: (s, lambda, n) => (lambda !== null ? lectureL1(lambda, n) : l1(s ?? DEFAULT_REG_STRENGTH)),
  l2: (s, lambda, n) => (lambda !== null ? lectureL2(lambda, n) : l2(s ?? DEFAULT_REG_STRENGTH)),
  l1l2: (s, lambda, n) =>
    lambda !== null
      ? l1l2({ l1: lambda / n, l2: lambda / (2 * n) })
      : l1l2({ l1: s ?? DEFAULT_REG_STRENGTH, l2: s ?? DEFAULT_REG_STRENGTH }),
};

export const REG_KINDS: RegKind[] = ['none', ...(Object.keys(REGULARIZERS) as RegKind[])];

/** The kernel regularizer of the config, or null; n = training examples (for λ). */
export function regularizerOf(config: TrainConfig, n: number): Regularizer | null {
  return config.reg === 'none' ? null : REGULARIZERS[config.reg](config.regStrength, config.lambda, n);
}

/** Every layer size, input to output, for data with `featureSize` inputs and `numClasses` classes. */
export function architectureOf(config: TrainConfig, featureSize: number, numClasses: number): number[] {
  const arch = config.arch ?? [featureSize, ...config.hidden, numClasses];
  if (arch[0] !== featureSize) {
    throw new MlpError(
      'BAD_CONFIG',
      `the architecture ${arch.join('-')} (--arch) starts with ${arch[0]} inputs but the data (${config.data}) has ${featureSize} values per example; use --arch ${[featureSize, ...arch.slice(1)].join('-')}`,
    );
  }
  if (arch[arch.length - 1] !== numClasses) {
    throw new MlpError(
      'BAD_CONFIG',
      `the architecture ${arch.join('-')} (--arch) ends with ${arch[arch.length - 1]} outputs but the data (${config.data}) has ${numClasses} classes; use --arch ${[...arch.slice(0, -1), numClasses].join('-')}`,
    );
  }
  return arch;
}

export interface ModelSpec {
  /** Per-example shape of the data, e.g. [28, 28]. */
  featureShape: number[];
  numClasses: number;
  /** Training examples one epoch sees (n of the lecture's λ/n). */
  trainSize: number;
  /** 'float64' for gradient checks. */
  dtype?: DType;
}

/** The compiled Sequential model of `config` (weights drawn from config.seed). */
export function buildModel(config: TrainConfig, spec: ModelSpec): Sequential {
  const featureSize = spec.featureShape.reduce((a, d) => a * d, 1);
  const arch = architectureOf(config, featureSize, spec.numClasses);
  const activation = HIDDEN_ACTIVATIONS[canonicalActivation(config.activation)];
  const reg = regularizerOf(config, spec.trainSize);
  const layers: Layer[] = [];
  const flat = spec.featureShape.length === 1;
  const inputShape = [...spec.featureShape];
  if (!flat) layers.push(new Reshape({ targetShape: [featureSize], inputShape }));
  if (config.inputDropout > 0) layers.push(new Dropout({ rate: config.inputDropout, inputShape: flat ? inputShape : undefined }));
  const needsInputShape = (): number[] | undefined => (layers.length === 0 ? inputShape : undefined);
  for (let i = 1; i < arch.length - 1; i++) {
    layers.push(
      new Dense({
        units: arch[i],
        activation: activation.dense,
        kernelInitializer: config.init,
        kernelRegularizer: config.regLayers === 'all' ? reg : null,
        inputShape: needsInputShape(),
      }),
    );
    if (activation.after) layers.push(activation.after(config.alpha));
    if (config.hiddenDropout > 0) layers.push(new Dropout({ rate: config.hiddenDropout }));
  }
  layers.push(
    new Dense({
      units: arch[arch.length - 1],
      activation: config.outputActivation,
      kernelInitializer: config.init,
      kernelRegularizer: reg,
      inputShape: needsInputShape(),
    }),
  );
  const model = new Sequential(layers, { seed: config.seed, dtype: spec.dtype ?? 'float32' });
  model.build();
  model.compile({ loss: config.loss, optimizer: buildOptimizer(config), metrics: ['accuracy'] });
  return model;
}
