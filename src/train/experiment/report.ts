/**
 * What a run prints around the progress display: the header (data sizes, model summary,
 * optimizer, seed) and the lecture's final report (ex_ml7_1c):
 *   Performance (training)
 *   Loss: 0.10855, Acc: 0.97140
 * Lines are returned as strings; the caller decides where they go.
 */
import type { Optimizer } from '../../optim';
import type { Sequential } from '../sequential';
import type { TrainConfig } from './config';
import type { ExperimentData } from './data';
import type { Score } from './evaluate';

export interface FinalScores {
  train: Score;
  valid?: Score;
  test?: Score;
}

/** `ExponentialDecay(initialLearningRate=1, decaySteps=840, …)` for a schedule, `'keras'` for a string. */
function formatValue(v: unknown): string {
  if (typeof v === 'object' && v !== null && 'className' in v) {
    const { className, config } = v as { className: string; config?: Record<string, unknown> };
    return `${className}(${Object.entries(config ?? {})
      .map(([k, c]) => `${k}=${formatValue(c)}`)
      .join(', ')})`;
  }
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

/** `SGD(learningRate=1, momentum=0, …)` from the optimizer's own config. */
export function describeOptimizer(optimizer: Optimizer): string {
  const options = Object.entries(optimizer.getConfig())
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  return `${optimizer.className}(${options.join(', ')})`;
}

/** `l2(0.01) on dense_1/kernel` from the layers themselves, or `none`. */
export function describePenalties(model: Sequential): string {
  const parts: string[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig();
    for (const [key, weight] of [
      ['kernelRegularizer', 'kernel'],
      ['biasRegularizer', 'bias'],
    ] as const) {
      const reg = config[key] as { className: string; config: Record<string, number> } | null | undefined;
      if (!reg) continue;
      const terms = Object.entries(reg.config).map(([name, value]) => `${name}(${value})`);
      parts.push(`${terms.join(' + ')} on ${layer.name}/${weight}`);
    }
  }
  return parts.length ? parts.join(', ') : 'none';
}

export function headerLines(config: TrainConfig, data: ExperimentData, model: Sequential): string[] {
  const augmented = data.train !== data.trainOriginal ? ` → ${data.train.n} after ${config.augment!.kind} augmentation` : '';
  const lines = [
    `data: ${data.trainOriginal.n} training examples (${data.trainOriginal.source})${augmented}`,
    data.valid ? `      ${data.valid.n} validation examples (${data.valid.source})` : '      no validation set',
    data.test ? `      ${data.test.n} test examples (${data.test.source})` : '      no test set',
    model.summary(null),
    `loss: ${model.loss!.name}    optimizer: ${describeOptimizer(model.optimizer!)}`,
    `regularisation: ${describePenalties(model)}`,
    `epochs: ${config.epochs}    batch size: ${config.batchSize}    seed: ${config.seed}`,
  ];
  if (config.earlyStopping) {
    const es = config.earlyStopping;
    lines.push(
      `early stopping: monitor ${es.monitor}, patience ${es.patience}, min delta ${es.minDelta}${es.restoreBest ? ', restoring the best weights' : ''}`,
    );
  }
  return lines;
}

/** `784-30-10 sigmoid, sgd` — a short name for a run, for plot legends and titles. */
export function runLabel(config: TrainConfig): string {
  return `${(config.arch ?? ['?', ...config.hidden, '?']).join('-')} ${config.activation}, ${config.optimizer}`;
}

const ROWS: [keyof FinalScores, string][] = [
  ['train', 'training'],
  ['valid', 'validation'],
  ['test', 'testing'],
];

/** The lecture's three-part performance report (ex_ml7_1c), %.5f as its print statements. */
export function finalLines(scores: FinalScores): string[] {
  const lines: string[] = [];
  for (const [key, label] of ROWS) {
    const s = scores[key];
    if (!s) continue;
    lines.push(`Performance (${label})`, `Loss: ${s.loss.toFixed(5)}, Acc: ${s.accuracy.toFixed(5)}`);
  }
  return lines;
}
