/**
 * `mlp trace`: one seeded training step of a tiny network with every intermediate printed
 * (x, z, a, δ, ∂W, ∂b, the loss, the optimizer's state and update), to check a hand calculation.
 * The flags build a TraceOptions; the step itself is src/train/explain/trace.ts.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { trace, type TraceOptions } from '../../src/train/explain/trace';
import { formatTrace } from '../../src/train/explain/trace-format';
import { parseInteger, parseNumber, parseSizes } from '../options';

/** `0.5,0.1;0.2,0.9` → [[0.5, 0.1], [0.2, 0.9]] (rows separated by ';'). */
function parseRows(text: string): number[][] {
  return text.split(';').map((row) => row.split(',').map((v) => parseNumber(v)));
}

function parseLabels(text: string): number[] {
  return text.split(',').map((v) => parseInteger(v));
}

/** `momentum=0.4,nesterov=true` → {momentum: 0.4, nesterov: true}. */
function parseOptions(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=');
    if (!key || value === undefined) throw new InvalidArgumentError(`'${part}' is not key=value (e.g. beta1=0.9,amsgrad=true).`);
    out[key.trim()] = value === 'true' ? true : value === 'false' ? false : Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return out;
}

interface TraceFlags {
  arch: number[];
  activation: string;
  output: string;
  loss: string;
  optimizer: string;
  lr?: number;
  momentum?: number;
  nesterov?: boolean;
  opt?: Record<string, unknown>;
  alpha?: number;
  l2?: number;
  seed: number;
  x?: number[][];
  labels?: number[];
  batch?: number;
  steps: number;
  round?: number;
  digits: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('trace')
    .description('one training step of a tiny network, printing every intermediate (x, z, a, δ, ∂W, ∂b, loss, optimizer state and update)')
    .option('--arch <sizes>', 'layer sizes, input first', parseSizes, [2, 3, 2])
    .option('--activation <name>', 'hidden activation: sigmoid, tanh, relu, leaky-relu, prelu, linear', 'sigmoid')
    .option('--output <name>', 'output activation', 'softmax')
    .option('--loss <name>', 'categorical_crossentropy, mse, binary_crossentropy', 'categorical_crossentropy')
    .option('--optimizer <name>', 'sgd, adagrad, adadelta, rmsprop, adam, adamax, nadam, adamw', 'sgd')
    .option('--lr <number>', "learning rate (SGD default: the lecture's 1.0; others: Keras defaults)", parseNumber)
    .option('--momentum <number>', 'SGD/RMSprop momentum', parseNumber)
    .option('--nesterov', 'SGD Nesterov momentum')
    .option('--opt <key=value,...>', 'other optimizer options in camelCase, e.g. beta1=0.8,epsilon=1e-3', parseOptions)
    .option('--alpha <number>', 'LeakyReLU slope / PReLU initial slope', parseNumber)
    .option('--l2 <number>', 'Keras l2 coefficient on every kernel (shows the penalty and its gradient)', parseNumber)
    .option('--seed <n>', 'seed of the weights and of the default input', parseInteger, 1)
    .option('--x <rows>', "input rows, values separated by ',' and rows by ';', e.g. '0.5,0.1;0.2,0.9'", parseRows)
    .option('--labels <list>', 'class of each input row, e.g. 1,0', parseLabels)
    .option('--batch <n>', 'rows drawn from the seed when --x is not given', parseInteger)
    .option('--steps <n>', 'steps on the same batch (2+ shows the optimizer state at work)', parseInteger, 1)
    .option('--round <decimals>', 'round the initial weights to this many decimals (easier by hand)', parseInteger)
    .option('--digits <n>', 'significant digits printed', parseInteger, 8)
    .option('--json', 'print the trace as JSON instead of text')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  mlp trace                                         # 2-3-2 sigmoid/softmax, SGD lr 1.0, one step',
        '  mlp trace --round 1 --x 0.5,0.1 --labels 1        # numbers easy to redo by hand',
        '  mlp trace --optimizer sgd --momentum 0.4 --steps 2',
        '  mlp trace --arch 3-4-2 --activation relu --optimizer adam --batch 2',
      ].join('\n'),
    )
    .action((flags: TraceFlags) => {
      const optimizerOptions: Record<string, unknown> = { ...(flags.opt ?? {}) };
      if (flags.lr !== undefined) optimizerOptions.learningRate = flags.lr;
      if (flags.momentum !== undefined) optimizerOptions.momentum = flags.momentum;
      if (flags.nesterov) optimizerOptions.nesterov = true;
      const opts: TraceOptions = {
        arch: flags.arch,
        activation: flags.activation,
        output: flags.output,
        loss: flags.loss,
        optimizer: flags.optimizer,
        optimizerOptions,
        alpha: flags.alpha,
        l2: flags.l2,
        seed: flags.seed,
        x: flags.x,
        labels: flags.labels,
        batch: flags.batch,
        steps: flags.steps,
        roundWeights: flags.round,
      };
      const result = trace(opts);
      if (flags.json) {
        const { model: _model, ...data } = result;
        process.stdout.write(`${JSON.stringify(data, null, 1)}\n`);
      } else {
        process.stdout.write(`${formatTrace(result, flags.digits)}\n`);
      }
    });
}
