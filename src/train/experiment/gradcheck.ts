/**
 * `mlp gradcheck`: the whole network of a TrainConfig, rebuilt in float64, checked by central
 * differences on a few training examples (gradcheck.ts, CS231n's relative error):
 *   relError = |analytic − numeric| / (|analytic| + |numeric|),  numeric = (L(θ+h) − L(θ−h)) / 2h
 * L is the training loss (data + penalties). Dropout layers get a fixed mask drawn once from the
 * seed, so L is a function of θ alone. Activations with a kink at 0 (relu, leaky-relu, prelu) can
 * fail where θ ± h puts a unit on both sides of the kink: the analytic gradient is the one-sided
 * one, the difference quotient averages both sides.
 */
import { Dropout } from '../../layers';
import { MlpError } from '../../tensor/errors';
import { Rng } from '../../tensor/rng';
import { allocFloat } from '../../tensor/tensor';
import { datasetToTensors, sliceDataset } from '../data';
import { checkGradients, type ParamCheck } from '../gradcheck';
import { resolveConfig, type PartialTrainConfig } from './config';
import { loadExperimentData } from './data';
import { KINKED_ACTIVATIONS, buildModel, canonicalActivation } from './model';
import { validateConfig } from './validate';

export interface GradCheckRequest {
  /** Examples the loss is computed on (default 5). */
  examples?: number;
  /** Step h (default 1e-4: float64 round-off ~1e-16·|L|/h stays below 1e-6 of the smallest gradients). */
  epsilon?: number;
  /** Entries checked per parameter tensor, spread evenly; 0 = all (default 200). */
  maxPerParam?: number;
  /** Largest relative error that passes; default 1e-6, or 1e-4 with a kinked activation. */
  threshold?: number;
}

export interface GradCheckReport {
  checks: (ParamCheck & { pass: boolean })[];
  threshold: number;
  kinked: boolean;
  pass: boolean;
}

/** Smooth activations agree to ~1e-8 in float64; CS231n accepts < 1e-4 where kinks are crossed. */
export const SMOOTH_THRESHOLD = 1e-6;
export const KINKED_THRESHOLD = 1e-4;
export const DEFAULT_STEP = 1e-4;

function fixDropoutMasks(
  layers: { rate: number; fixedMask: Float64Array | Float32Array | null; outputShape: number[] }[],
  rows: number,
  rng: Rng,
): void {
  for (const layer of layers) {
    const size = rows * layer.outputShape.reduce((a, d) => a * d, 1);
    const mask = allocFloat(size, 'float64');
    for (let i = 0; i < size; i++) mask[i] = rng.uniform() < layer.rate ? 0 : 1 / (1 - layer.rate);
    layer.fixedMask = mask;
  }
}

export function gradientCheck(partial: PartialTrainConfig, request: GradCheckRequest = {}): GradCheckReport {
  const config = resolveConfig({ ...partial, validSize: partial.validSize ?? 0 });
  validateConfig(config);
  const examples = request.examples ?? 5;
  if (!Number.isInteger(examples) || examples < 1 || examples > 1000)
    throw new MlpError('BAD_ARGUMENT', `--examples must be an integer in 1..1000, got ${examples}`);
  const data = loadExperimentData({ ...config, trainSize: Math.max(examples, config.trainSize ?? examples), augment: null });
  const batch = datasetToTensors(sliceDataset(data.train, 0, Math.min(examples, data.train.n)), 'float64');
  const model = buildModel(config, {
    featureShape: data.featureShape,
    numClasses: data.numClasses,
    trainSize: data.train.n,
    dtype: 'float64',
  });
  fixDropoutMasks(
    model.layers.filter((l): l is Dropout => l instanceof Dropout),
    batch.x.rows,
    new Rng(config.seed),
  );
  const kinked = KINKED_ACTIVATIONS.has(canonicalActivation(config.activation));
  const threshold = request.threshold ?? (kinked ? KINKED_THRESHOLD : SMOOTH_THRESHOLD);
  const maxPerParam = request.maxPerParam ?? 200;
  const checks = checkGradients(model, batch.x, batch.y, {
    epsilon: request.epsilon ?? DEFAULT_STEP,
    maxPerParam: maxPerParam === 0 ? undefined : maxPerParam,
  }).map((c) => ({
    ...c,
    pass: c.maxRelError <= threshold,
  }));
  return { checks, threshold, kinked, pass: checks.every((c) => c.pass) };
}
