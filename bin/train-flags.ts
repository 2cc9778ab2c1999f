/**
 * The `mlp train` flags (kebab-case) and their translation into a PartialTrainConfig. Shared by
 * `train`, `gradcheck` (architecture flags) and `compare` (which passes train flags through).
 * Only flags the user gave are set, so the library's defaults (the lecture's base network) apply
 * to the rest.
 */
import * as fs from 'fs';
import { Option, type Command } from 'commander';
import { optimizerNames } from '../src/optim';
import { HIDDEN_ACTIVATIONS, REG_KINDS, parseSchedule, type PartialTrainConfig } from '../src/train/experiment';
import { MlpError } from '../src/tensor/errors';
import { parseInteger, parseNumber, parsePair, parseRate, parseSizeOrAll, parseSizes } from './options';

export type Flags = Record<string, unknown>;

/** Optimizer flags → the optimizer's camelCase option names (src/optim). */
const OPTIMIZER_FLAGS: [string, string, string, (t: string) => unknown][] = [
  ['--lr <rate>', 'learningRate', "learning rate (SGD default: the lecture's 1.0; other optimizers: their Keras 3 default)", parseNumber],
  ['--momentum <mu>', 'momentum', 'SGD / RMSprop momentum μ in [0, 1] (lecture ex_ml7_3a: 0.4)', parseNumber],
  ['--nesterov', 'nesterov', 'SGD: Nesterov momentum', Boolean],
  ['--decay <d>', 'decay', "the lecture's legacy decay: lr / (1 + d·iterations)", parseNumber],
  ['--rho <rho>', 'rho', 'Adadelta / RMSprop decay of the running means', parseNumber],
  ['--epsilon <eps>', 'epsilon', 'fuzz factor ε (Keras default 1e-7)', parseNumber],
  ['--beta1 <b1>', 'beta1', 'Adam / Adamax / Nadam first-moment decay', parseNumber],
  ['--beta2 <b2>', 'beta2', 'Adam / Adamax / Nadam second-moment decay', parseNumber],
  ['--centered', 'centered', 'RMSprop: divide by the running variance', Boolean],
  ['--amsgrad', 'amsgrad', 'Adam: AMSGrad (keep the running maximum of v)', Boolean],
  ['--weight-decay <wd>', 'weightDecay', 'weight decay (decoupled, Keras 3 / AdamW)', parseNumber],
  [
    '--weight-decay-mode <mode>',
    'weightDecayMode',
    "'decoupled' (Keras 3) or 'coupled' (PyTorch's weight_decay = L2 in the gradient)",
    String,
  ],
  ['--initial-accumulator <v>', 'initialAccumulatorValue', 'Adagrad initial accumulator (Keras 0.1, PyTorch 0)', parseNumber],
  ['--momentum-convention <c>', 'momentumConvention', "'keras' (v ← μv − lr·g) or 'pytorch' (v ← μv + g; θ ← θ − lr·v)", String],
  ['--epsilon-convention <c>', 'epsilonConvention', "'keras' or 'pytorch' (where ε sits relative to the square root)", String],
  ['--dampening <d>', 'dampening', "SGD with --momentum-convention pytorch: PyTorch's dampening", parseNumber],
  ['--momentum-decay <psi>', 'momentumDecay', 'Nadam momentum schedule ψ (Keras 3: 1, PyTorch: 0.004)', parseNumber],
];

/** Adds every train flag to `cmd`, grouped in the help. */
export function addTrainFlags(cmd: Command): Command {
  addDataFlags(cmd);
  addModelFlags(cmd);
  addOptimizerFlags(cmd);
  return addTrainingFlags(cmd);
}

/** --data, sizes, augmentation. */
export function addDataFlags(cmd: Command): Command {
  cmd.optionsGroup('Data:');
  cmd
    .option('--data <source>', "'mnist' (default), a folder of IDX files, a labelled .csv (label first) or an .npz")
    .option('--test-data <file.csv>', 'the test set, for CSV data')
    .option('--train-size <n|all>', 'training examples from the start of the training set (default 10000)', parseSizeOrAll)
    .option(
      '--valid-size <n>',
      'validation examples from the end of the training set (default 10000 = images 50000-59999; 0 = none)',
      parseInteger,
    )
    .option('--validation-split <f>', 'instead: hold out a seeded random fraction f of the training examples', parseNumber)
    .option('--test-size <n>', 'test examples (default all)', parseInteger)
    .addOption(
      new Option('--augment <kind>', 'expand the training set: rotate (lecture: 2 copies, ±5°…25°) or shift (Nielsen, 5×)').choices([
        'rotate',
        'shift',
      ]),
    )
    .option(
      '--rotate-range <min,max>',
      'rotation angles in degrees (default 5,25; copies alternate counter-clockwise / clockwise)',
      parsePair,
    )
    .option('--rotate-copies <n>', 'rotated copies of each image (default 2)', parseInteger);
  return cmd;
}

/** The network: sizes, activations, loss, initializer, dropout, weight penalties. */
export function addModelFlags(cmd: Command): Command {
  cmd.optionsGroup('Model:');
  cmd
    .option('--arch <sizes>', 'every layer size, e.g. 784-256-256-10 (default 784-30-10)', parseSizes)
    .option('--hidden <sizes>', 'hidden layer sizes only, e.g. 256,256 (default 30)', parseSizes)
    .addOption(new Option('--activation <name>', 'hidden activation (default sigmoid)').choices(Object.keys(HIDDEN_ACTIVATIONS)))
    .option('--alpha <a>', 'leaky-relu slope (default 0.3) or prelu initial slope (default 0)', parseNumber)
    .option('--output-activation <name>', 'output activation (default softmax)')
    .option('--loss <name>', 'categorical_crossentropy (default), mse, binary_crossentropy')
    .option(
      '--init <name>',
      'kernel initializer: glorot_uniform (default), glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, nielsen',
    )
    .option('--dropout <rate>', 'dropout on the input and on each hidden layer (lecture ex_ml7_1b: 0.2)', parseRate)
    .option('--input-dropout <rate>', 'dropout on the input only (overrides --dropout there)', parseRate)
    .option('--hidden-dropout <rate>', 'dropout after each hidden layer only (overrides --dropout there)', parseRate)
    .addOption(new Option('--reg <kind>', 'weight penalty on kernels (lecture ex_ml7_1a: l2)').choices(REG_KINDS))
    .option('--reg-strength <c>', "Keras coefficient: l2 adds c·Σw², l1 adds c·Σ|w| (default 0.01 = the lecture's l2(0.01))", parseNumber)
    .option('--lambda <lambda>', "the lecture's λ instead: l2 adds λ/(2n)·Σw², l1 adds λ/n·Σ|w| (n = training examples)", parseNumber)
    .addOption(new Option('--reg-layers <which>', 'output (default, as the lecture) or all Dense layers').choices(['output', 'all']))
    .option('--seed <n>', 'seed of every random stream: weights, shuffling, dropout, augmentation (default 1337)', parseInteger);
  return cmd;
}

/** The optimizer and its options, the learning-rate schedule. */
export function addOptimizerFlags(cmd: Command): Command {
  cmd.optionsGroup('Optimizer:');
  cmd.addOption(new Option('--optimizer <name>', 'the update rule (default sgd)').choices(optimizerNames));
  for (const [flags, , description, parse] of OPTIMIZER_FLAGS) {
    if (parse === Boolean) cmd.option(flags, description);
    else cmd.option(flags, description, parse as (t: string) => number);
  }
  cmd.option(
    '--schedule <spec>',
    'learning-rate schedule NAME[:key=value,...]: exponential, inverse-time, piecewise, cosine, e.g. exponential:decaySteps=840,decayRate=0.9',
  );
  return cmd;
}

/** Epochs, batch size, early stopping, divergence, engine. */
export function addTrainingFlags(cmd: Command): Command {
  cmd.optionsGroup('Training:');
  cmd
    .option('--epochs <n>', 'epochs (default 100)', parseInteger)
    .option('--batch-size <n>', 'mini-batch size (default 120)', parseInteger)
    .option('--early-stopping', 'stop when the monitored value stops improving (lecture ex_ml7_1c)')
    .option('--monitor <key>', 'early stopping: val_loss (default), val_accuracy, loss, accuracy')
    .option('--patience <n>', 'early stopping: epochs without improvement (default 3, as the lecture)', parseInteger)
    .option('--min-delta <d>', 'early stopping: smallest change that counts as an improvement (default 0)', parseNumber)
    .option('--restore-best', "early stopping: restore the best epoch's weights at the end")
    .addOption(
      new Option('--on-nan <what>', 'when the loss becomes NaN/Inf: stop (keep the last finite weights, default) or continue').choices([
        'stop',
        'continue',
      ]),
    )
    .option('--config <file.json>', "start from a run's config.json (flags override it)");
  return addEngineFlags(cmd);
}

/** The matmul engine (also for evaluate and predict). */
export function addEngineFlags(cmd: Command): Command {
  return cmd
    .option('--threads <n>', 'matmul threads (default: the number of cores)', parseInteger)
    .option(
      '--backend <name>',
      'kernels: js, wasm (default when available; fused multiply-add where Node allows) or wasm-simd (same bits on every CPU)',
    );
}

/** Keys of an object without its undefined values. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function readConfigFile(file: string): PartialTrainConfig {
  if (!fs.existsSync(file)) throw new MlpError('NOT_FOUND', `--config: ${file} does not exist`);
  try {
    // The saved run's folder is not this run's: --out is given on the command line or not at all.
    const { out: _out, ...config } = JSON.parse(fs.readFileSync(file, 'utf8')) as PartialTrainConfig;
    return config;
  } catch (err) {
    throw new MlpError('BAD_FILE', `--config: ${file} is not valid JSON (${(err as Error).message})`);
  }
}

function earlyStoppingOf(f: Flags): PartialTrainConfig['earlyStopping'] {
  const es = defined({
    monitor: f.monitor as string,
    patience: f.patience as number,
    minDelta: f.minDelta as number,
    restoreBest: f.restoreBest as boolean,
  });
  return f.earlyStopping || Object.keys(es).length > 0 ? es : undefined;
}

function augmentOf(f: Flags): PartialTrainConfig['augment'] {
  const range = f.rotateRange as [number, number] | undefined;
  const copies = f.rotateCopies as number | undefined;
  const kind = (f.augment as 'rotate' | 'shift' | undefined) ?? (range || copies ? 'rotate' : undefined);
  if (kind === 'shift' && (range || copies))
    throw new MlpError('BAD_CONFIG', '--rotate-range and --rotate-copies need --augment rotate, not shift');
  if (kind !== 'rotate') return kind;
  return { kind, ...defined({ minDegrees: range?.[0], maxDegrees: range?.[1], copies }) };
}

/** The config the flags describe (only what was given; the library fills in the defaults). */
export function configFromFlags(f: Flags): PartialTrainConfig {
  if (f.arch && f.hidden)
    throw new MlpError('BAD_CONFIG', 'give either --arch (every layer, e.g. 784-256-256-10) or --hidden (e.g. 256,256), not both');
  const base = f.config ? readConfigFile(f.config as string) : {};
  const optimizerOptions = defined(
    Object.fromEntries(OPTIMIZER_FLAGS.map(([flags, key]) => [key, f[new Option(flags).attributeName()]])),
  ) as Record<string, number | boolean | string>;
  const dropout = f.dropout as number | undefined;
  const flags = defined({
    data: f.data,
    testData: f.testData,
    trainSize: f.trainSize === 'all' ? null : f.trainSize,
    validSize: f.validSize,
    validationSplit: f.validationSplit,
    testSize: f.testSize,
    augment: augmentOf(f),
    arch: f.arch,
    hidden: f.hidden,
    activation: f.activation,
    alpha: f.alpha,
    outputActivation: f.outputActivation,
    loss: f.loss,
    init: f.init,
    inputDropout: f.inputDropout ?? dropout,
    hiddenDropout: f.hiddenDropout ?? dropout,
    reg: f.reg,
    regStrength: f.regStrength,
    lambda: f.lambda,
    regLayers: f.regLayers,
    optimizer: f.optimizer,
    schedule: typeof f.schedule === 'string' ? parseSchedule(f.schedule) : undefined,
    epochs: f.epochs,
    batchSize: f.batchSize,
    earlyStopping: earlyStoppingOf(f),
    onNaN: f.onNan,
    seed: f.seed,
    threads: f.threads,
    backend: f.backend,
    out: f.out,
  }) as PartialTrainConfig;
  const merged: PartialTrainConfig = { ...base, ...flags };
  if (Object.keys(optimizerOptions).length > 0 || base.optimizerOptions) {
    // A different optimizer than the config file's starts from its own defaults.
    const keepBase = !flags.optimizer || flags.optimizer === base.optimizer;
    merged.optimizerOptions = { ...(keepBase ? base.optimizerOptions : {}), ...optimizerOptions };
  }
  if (flags.arch) delete merged.hidden;
  if (flags.hidden) delete merged.arch;
  return merged;
}
