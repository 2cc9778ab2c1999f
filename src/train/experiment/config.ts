/**
 * `TrainConfig`: one training run as plain JSON, the lecture's base network by default.
 *
 * The defaults reproduce the lecture's ex_ml7_1c.py: a 784-30-10 network (Reshape of the 28×28
 * image, Dense(30, sigmoid), Dense(10, softmax)), categorical cross-entropy, SGD(lr = 1.0),
 * batch 120, 100 epochs, the first 10 000 MNIST training images for training, images
 * 50 000–59 999 for validation and the 10 000 test images for the final report.
 *
 * `resolveConfig(partial)` fills the defaults and the few values that depend on others (it is the
 * config written to `out/config.json`, so a run can be repeated or resumed from it); it does not
 * look at the data. `validateConfig` (validate.ts) checks what can be checked without the data.
 */
import { MlpError } from '../../tensor/errors';

export type RegKind = 'none' | 'l1' | 'l2' | 'l1l2';
export type RegLayers = 'output' | 'all';
export type OnNaN = 'stop' | 'continue';

export interface EarlyStoppingConfig {
  /** 'val_loss' (default), 'val_accuracy', 'loss' or 'accuracy'. */
  monitor: string;
  /** Epochs without improvement before stopping (the lecture's 3). */
  patience: number;
  minDelta: number;
  /** Restore the weights of the best epoch at the end (Keras `restore_best_weights`). */
  restoreBest: boolean;
}

export interface RotateAugment {
  kind: 'rotate';
  /** Angles are drawn from U(minDegrees, maxDegrees), alternately counter-clockwise and clockwise. */
  minDegrees: number;
  maxDegrees: number;
  /** Rotated copies of every training image (the lecture's 2: one +5°…+25°, one −25°…−5°). */
  copies: number;
}

export interface ShiftAugment {
  /** Nielsen's expand_mnist: each image shifted 1 px down, up, right and left (5× the data). */
  kind: 'shift';
}

export type AugmentConfig = RotateAugment | ShiftAugment;

export interface ScheduleConfig {
  /** A schedule class name (ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, CosineDecay). */
  className: string;
  /** Its options; `initialLearningRate` defaults to the optimizer's learning rate. */
  config: Record<string, unknown>;
}

export interface TrainConfig {
  /** 'mnist', a folder of IDX files, a labelled .csv (label first) or an .npz (x_train, y_train, …). */
  data: string;
  /** A labelled CSV holding the test set, for CSV data (which has no test part of its own). */
  testData: string | null;
  /** Training examples taken from the start of the training set; null = all those not used for validation. */
  trainSize: number | null;
  /** Validation examples taken from the end of the training set; 0 = no validation. */
  validSize: number;
  /** Instead of validSize: a seeded random fraction of the training examples held out; 0 = off. */
  validationSplit: number;
  /** Test examples taken from the start of the test set; null = all. */
  testSize: number | null;
  augment: AugmentConfig | null;

  /** Hidden layer sizes (used when arch is null). */
  hidden: number[];
  /** Every layer size, input and output included, e.g. [784, 256, 256, 10]; checked against the data. */
  arch: number[] | null;
  /** Hidden activation: sigmoid, tanh, relu, leaky-relu (LeakyReLU layer), prelu (PReLU layer), linear. */
  activation: string;
  /** LeakyReLU slope (Keras default 0.3) or PReLU initial slope (Keras default 0); null = that default. */
  alpha: number | null;
  outputActivation: string;
  loss: string;
  /** Kernel initializer (Keras names, e.g. glorot_uniform, he_normal, nielsen). */
  init: string;
  inputDropout: number;
  hiddenDropout: number;
  reg: RegKind;
  /** Keras coefficient: L2 adds regStrength·Σw², L1 adds regStrength·Σ|w|. Default 0.01 (lecture's l2(0.01)). */
  regStrength: number | null;
  /** The lecture's λ instead: L2 adds λ/(2n)·Σw², L1 adds λ/n·Σ|w|, n = training-set size. */
  lambda: number | null;
  regLayers: RegLayers;

  /** sgd, adagrad, adadelta, rmsprop, adam, adamax, nadam, adamw. */
  optimizer: string;
  /** camelCase options of the optimizer (learningRate, momentum, rho, …). SGD's learningRate defaults to the lecture's 1.0. */
  optimizerOptions: Record<string, number | boolean | string>;
  schedule: ScheduleConfig | null;

  epochs: number;
  batchSize: number;
  earlyStopping: EarlyStoppingConfig | null;
  onNaN: OnNaN;
  seed: number;
  /** Matmul threads and backend ('js' | 'wasm' | 'wasm-simd'); null = the library's default. */
  threads: number | null;
  backend: string | null;
  /** Output folder (model, checkpoints, history, plots); null = nothing written. */
  out: string | null;
}

export const DEFAULT_SEED = 1337;
/** The lecture's λ-free default strength: `kernel_regularizer=l2(0.01)` (ex_ml7_1a). */
export const DEFAULT_REG_STRENGTH = 0.01;
/** The lecture's learning rate for SGD (its Keras default would be 0.01). */
export const LECTURE_SGD_LR = 1.0;

export const DEFAULT_CONFIG: Readonly<TrainConfig> = Object.freeze({
  data: 'mnist',
  testData: null,
  trainSize: 10000,
  validSize: 10000,
  validationSplit: 0,
  testSize: null,
  augment: null,
  hidden: [30],
  arch: null,
  activation: 'sigmoid',
  alpha: null,
  outputActivation: 'softmax',
  loss: 'categorical_crossentropy',
  init: 'glorot_uniform',
  inputDropout: 0,
  hiddenDropout: 0,
  reg: 'none',
  regStrength: null,
  lambda: null,
  regLayers: 'output',
  optimizer: 'sgd',
  optimizerOptions: {},
  schedule: null,
  epochs: 100,
  batchSize: 120,
  earlyStopping: null,
  onNaN: 'stop',
  seed: DEFAULT_SEED,
  threads: null,
  backend: null,
  out: null,
} as TrainConfig);

export const DEFAULT_EARLY_STOPPING: Readonly<EarlyStoppingConfig> = Object.freeze({
  monitor: 'val_loss',
  patience: 3,
  minDelta: 0,
  restoreBest: false,
});

/** The lecture's expansion (ex_ml7_2): two copies, rotated by U(+5°, +25°) and U(−25°, −5°). */
export const DEFAULT_ROTATE: Readonly<RotateAugment> = Object.freeze({ kind: 'rotate', minDegrees: 5, maxDegrees: 25, copies: 2 });

export type PartialTrainConfig = Partial<Omit<TrainConfig, 'earlyStopping' | 'augment'>> & {
  earlyStopping?: Partial<EarlyStoppingConfig> | boolean | null;
  augment?: (Partial<RotateAugment> & { kind: 'rotate' }) | ShiftAugment | 'rotate' | 'shift' | null;
};

const KNOWN_KEYS = new Set(Object.keys(DEFAULT_CONFIG));

function resolveEarlyStopping(es: PartialTrainConfig['earlyStopping']): EarlyStoppingConfig | null {
  if (es === undefined || es === null || es === false) return null;
  if (es === true) return { ...DEFAULT_EARLY_STOPPING };
  return { ...DEFAULT_EARLY_STOPPING, ...es };
}

const AUGMENT_DEFAULTS: Record<string, AugmentConfig> = { rotate: DEFAULT_ROTATE, shift: { kind: 'shift' } };

function resolveAugment(a: PartialTrainConfig['augment']): AugmentConfig | null {
  if (a === undefined || a === null) return null;
  const kind = typeof a === 'string' ? a : a.kind;
  const base = AUGMENT_DEFAULTS[kind];
  if (!base) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `unknown augmentation '${String(kind)}': valid augmentations are ${Object.keys(AUGMENT_DEFAULTS).join(', ')}`,
    );
  }
  return typeof a === 'string' ? { ...base } : ({ ...base, ...a } as AugmentConfig);
}

/**
 * The complete config: defaults filled in. Unknown keys are refused (a typo must not be ignored).
 * Giving `validationSplit` without `validSize` turns the lecture's fixed validation images off.
 */
export function resolveConfig(partial: PartialTrainConfig = {}): TrainConfig {
  if (typeof partial !== 'object' || partial === null) throw new MlpError('BAD_ARGUMENT', 'the training config must be an object');
  for (const key of Object.keys(partial)) {
    if (!KNOWN_KEYS.has(key) && (partial as Record<string, unknown>)[key] !== undefined) {
      throw new MlpError('BAD_ARGUMENT', `unknown config key '${key}': valid keys are ${[...KNOWN_KEYS].join(', ')}`);
    }
  }
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as PartialTrainConfig;
  const splitWithoutSize = (defined.validationSplit ?? 0) > 0 && defined.validSize === undefined;
  const arch = Array.isArray(defined.arch) ? [...defined.arch] : null;
  if (arch && defined.hidden && defined.hidden.join(',') !== arch.slice(1, -1).join(',')) {
    throw new MlpError('BAD_CONFIG', `give either arch (--arch 784-256-256-10) or hidden (--hidden 256,256), not both`);
  }
  return {
    ...DEFAULT_CONFIG,
    ...defined,
    hidden: arch ? arch.slice(1, -1) : [...(defined.hidden ?? DEFAULT_CONFIG.hidden)],
    arch,
    validSize: splitWithoutSize ? 0 : (defined.validSize ?? DEFAULT_CONFIG.validSize),
    optimizerOptions: { ...(defined.optimizerOptions ?? {}) },
    earlyStopping: resolveEarlyStopping(defined.earlyStopping),
    augment: resolveAugment(defined.augment),
  } as TrainConfig;
}
