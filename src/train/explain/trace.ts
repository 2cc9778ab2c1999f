/**
 * `mlp trace`: one training step of a tiny network with every intermediate kept, so a student can
 * redo the step by hand. Symbols are those of src/layers/dense.ts and src/train/sequential.ts, with
 * [l] the index of the Dense layer (1 = first hidden layer, L = output layer), B the batch rows:
 *
 *   a[0] = x
 *   z[l] = a[l−1]·W[l] + b[l]          a[l] = f(z[l])                (forward, training = true)
 *   loss = L(a[L], y) + penalties
 *   δ[L] = ∂loss/∂z[L] = (p − y)/B      (softmax + categorical cross-entropy, fused)
 *   δ[l] = ∂loss/∂a[l] ⊙ f'(z[l])       ∂loss/∂a[l] = δ[l+1]·W[l+1]ᵀ
 *   ∂W[l] = a[l−1]ᵀ·δ[l]               ∂b[l] = Σ_rows δ[l]
 *   θ ← optimizer(θ, ∂θ)                (the optimizer's own rule; its state slots are shown)
 *
 * Nothing here re-implements the maths: every number comes from calling the engine's layers,
 * loss and optimizer in the order Sequential.trainStep does, so the trace IS the engine's step
 * (tests/lecture/trace.test.ts checks the weights after it against Sequential.trainStep).
 * It runs in float64, so hand arithmetic agrees to the printed digits.
 */
import { Dense, type Layer } from '../../layers';
import { MlpError, check } from '../../tensor/errors';
import { Rng } from '../../tensor/rng';
import { Tensor, allocFloat } from '../../tensor/tensor';
import { resolveConfig } from '../experiment/config';
import { buildModel } from '../experiment/model';
import type { Sequential } from '../sequential';

export interface TraceOptions {
  /** Layer sizes, input first: [2, 3, 2]. */
  arch: number[];
  /** Hidden activation (sigmoid, tanh, relu, leaky-relu, prelu, linear). Default sigmoid. */
  activation?: string;
  /** Output activation. Default softmax. */
  output?: string;
  /** Default categorical_crossentropy. */
  loss?: string;
  /** Optimizer name (sgd, adam, …). Default sgd. */
  optimizer?: string;
  /** Optimizer options (learningRate, momentum, …); the optimizer's defaults otherwise (SGD: lr 1.0). */
  optimizerOptions?: Record<string, unknown>;
  /** LeakyReLU slope or PReLU initial slope (Keras defaults 0.3 and 0). */
  alpha?: number;
  /** Keras l2 coefficient on every kernel (0 = none). */
  l2?: number;
  /** Seed of the weights and of the default input. Default 1. */
  seed?: number;
  /** Input rows; default: `batch` rows of values in [0, 1) with 2 decimals, drawn from the seed. */
  x?: number[][];
  /** Class of each row; default: drawn from the seed. */
  labels?: number[];
  /** Rows when x is not given. Default 1. */
  batch?: number;
  /** Steps on the same batch (2+ shows the optimizer state at work). Default 1. */
  steps?: number;
  /** Round the initial weights to this many decimals (easier hand arithmetic). Default: no rounding. */
  roundWeights?: number;
  /** Initial weights in Keras order (per Dense: kernel row-major [in × out], bias; PReLU: alpha). */
  weights?: number[][];
}

/** A matrix [rows × cols], row-major. */
export interface Matrix {
  rows: number;
  cols: number;
  data: number[];
}

export interface LayerForward {
  index: number;
  layer: string;
  /** Dense: z and a; PReLU: only a. */
  z?: Matrix;
  a: Matrix;
  activation: string;
}

export interface LayerBackward {
  index: number;
  layer: string;
  /** ∂loss/∂a of this layer's output (absent for the fused output layer). */
  dA?: Matrix;
  /** The layer dA came back from (and its Dense index l when it is a Dense layer). */
  from?: { layer: string; dense?: number };
  /** ∂loss/∂z (Dense) — δ. */
  delta?: Matrix;
  /** Parameter gradients by parameter name (kernel, bias, alpha), penalties included. */
  grads: Record<string, Matrix>;
}

export interface ParamUpdate {
  name: string;
  before: Matrix;
  grad: Matrix;
  slots: Record<string, Matrix>;
  update: Matrix;
  after: Matrix;
}

export interface TraceStep {
  step: number;
  forward: LayerForward[];
  dataLoss: number;
  penalty: number;
  loss: number;
  backward: LayerBackward[];
  lr: number;
  t: number;
  params: ParamUpdate[];
}

export interface TraceResult {
  options: Required<Pick<TraceOptions, 'arch' | 'activation' | 'output' | 'loss' | 'optimizer' | 'seed'>>;
  optimizerConfig: Record<string, unknown>;
  x: Matrix;
  labels: number[];
  y: Matrix;
  initial: Record<string, Matrix>;
  steps: TraceStep[];
  model: Sequential;
}

function matrix(data: ArrayLike<number>, rows: number, cols: number): Matrix {
  return { rows, cols, data: Array.from({ length: rows * cols }, (_, i) => data[i]) };
}

function paramMatrix(shape: number[], data: ArrayLike<number>): Matrix {
  return shape.length === 1 ? matrix(data, 1, shape[0]) : matrix(data, shape[0], shape[1]);
}

/**
 * The tiny model, built by the experiment runner's buildModel (the network `mlp train` would build
 * for this --arch and --activation; leaky-relu and prelu are layers after a linear Dense), in float64.
 * Without a learning rate SGD gets the lecture's 1.0, as in `mlp train`.
 */
export function traceModel(opts: TraceOptions): Sequential {
  const { arch } = opts;
  check(
    Array.isArray(arch) && arch.length >= 2 && arch.every((n) => Number.isInteger(n) && n > 0 && n <= 64),
    `trace: --arch must be 2 or more sizes of 1..64 joined by '-', e.g. 2-3-2, got ${String(arch)}`,
  );
  const config = resolveConfig({
    arch,
    activation: opts.activation ?? 'sigmoid',
    outputActivation: opts.output ?? 'softmax',
    loss: opts.loss ?? 'categorical_crossentropy',
    alpha: opts.alpha ?? null,
    reg: opts.l2 ? 'l2' : 'none',
    regStrength: opts.l2 ?? null,
    regLayers: 'all',
    optimizer: opts.optimizer ?? 'sgd',
    optimizerOptions: (opts.optimizerOptions ?? {}) as Record<string, number | boolean | string>,
    seed: opts.seed ?? 1,
  });
  const model = buildModel(config, { featureShape: [arch[0]], numClasses: arch[arch.length - 1], trainSize: 1, dtype: 'float64' });
  if (opts.roundWeights !== undefined) {
    check(
      Number.isInteger(opts.roundWeights) && opts.roundWeights >= 0 && opts.roundWeights <= 8,
      `trace: roundWeights must be an integer 0..8, got ${opts.roundWeights}`,
    );
    const scale = 10 ** opts.roundWeights;
    for (const p of model.params()) for (let i = 0; i < p.value.length; i++) p.value[i] = Math.round(p.value[i] * scale) / scale;
  }
  if (opts.weights) model.setWeights(opts.weights.map((w) => Float64Array.from(w)));
  return model;
}

/** The batch: given rows, or seeded values in [0, 1) with two decimals. */
function traceBatch(opts: TraceOptions, inputs: number, classes: number): { x: Tensor; y: Tensor; rows: number[][]; labels: number[] } {
  const rng = new Rng((opts.seed ?? 1) + 1);
  const batch = opts.x?.length ?? opts.batch ?? 1;
  check(Number.isInteger(batch) && batch >= 1 && batch <= 64, `trace: batch must be 1..64 rows, got ${batch}`);
  const rows = opts.x ?? Array.from({ length: batch }, () => Array.from({ length: inputs }, () => Math.round(rng.uniform() * 100) / 100));
  for (const r of rows)
    check(
      r.length === inputs && r.every(Number.isFinite),
      `trace: each input row needs ${inputs} numbers (the first --arch size), got [${r.join(', ')}]`,
    );
  const labels = opts.labels ?? rows.map(() => rng.int(classes));
  check(labels.length === batch, `trace: ${labels.length} labels for ${batch} input rows`);
  for (const c of labels)
    check(
      Number.isInteger(c) && c >= 0 && c < classes,
      `trace: labels must be class indices 0..${classes - 1} (the last --arch size), got ${c}`,
    );
  const x = new Tensor(Float64Array.from(rows.flat()), [batch, inputs]);
  const yData = allocFloat(batch * classes, 'float64');
  labels.forEach((c, r) => (yData[r * classes + c] = 1));
  return { x, y: new Tensor(yData, [batch, classes]), rows, labels };
}

function isDense(layer: Layer): layer is Dense {
  return layer instanceof Dense;
}

/** One step, in Sequential.trainStep's order, keeping every intermediate. */
function step(model: Sequential, x: Tensor, y: Tensor, index: number): TraceStep {
  const loss = model.loss!;
  const optimizer = model.optimizer!;
  const layers = model.layers;
  const forward: LayerForward[] = [];
  const outputs = new Map<Layer, Tensor>();
  // Layer → index l of its Dense layer (a PReLU gets the index of the Dense before it).
  const denseIndex = new Map<Layer, number>();
  let a = x;
  let dense = 0;
  for (const layer of layers) {
    a = layer.forward(a, true);
    outputs.set(layer, a);
    if (isDense(layer)) dense++;
    denseIndex.set(layer, dense);
    if (isDense(layer)) {
      forward.push({
        index: dense,
        layer: layer.name,
        z: matrix(layer.preActivation.data, a.rows, a.cols),
        a: matrix(a.data, a.rows, a.cols),
        activation: layer.activation.name,
      });
    } else {
      forward.push({ index: dense, layer: layer.name, a: matrix(a.data, a.rows, a.cols), activation: layer.className });
    }
  }
  const rows = a.rows;
  const cols = a.cols;
  const last = layers[layers.length - 1];
  const fused = isDense(last) && last.activation.name === loss.fusedActivation;
  const grad = new Tensor(allocFloat(rows * cols, 'float64'), [rows, cols]);
  const backward: LayerBackward[] = [];
  let dataLoss: number;
  let dx: Tensor;
  if (fused) {
    dataLoss = loss.computeFromLogits(last.preActivation.data, y.data, rows, cols);
    loss.gradientFromLogits(a.data, y.data, grad.data, rows, cols);
    dx = last.backwardFromPreActivation(grad);
    backward.push({ index: dense, layer: last.name, delta: matrix(grad.data, rows, cols), grads: {} });
  } else {
    dataLoss = loss.compute(a.data, y.data, rows, cols);
    loss.gradient(a.data, y.data, grad.data, rows, cols);
    dx = grad;
  }
  for (let i = layers.length - (fused ? 2 : 1); i >= 0; i--) {
    const layer = layers[i];
    const above = layers[i + 1];
    const dy = dx;
    const entry: LayerBackward = {
      index: denseIndex.get(layer)!,
      layer: layer.name,
      dA: matrix(dy.data, dy.rows, dy.cols),
      from: above ? { layer: above.name, dense: isDense(above) ? denseIndex.get(above) : undefined } : undefined,
      grads: {},
    };
    if (isDense(layer)) {
      const delta = allocFloat(dy.rows * dy.cols, 'float64');
      layer.activation.backward(layer.preActivation.data, outputs.get(layer)!.data, dy.data, delta, dy.rows, dy.cols, layer.alpha);
      entry.delta = matrix(delta, dy.rows, dy.cols);
    }
    dx = layer.backward(dy);
    backward.push(entry);
  }
  const penalty = model.regularizationLoss();
  for (const layer of layers) layer.addRegularizationGradients();
  for (const entry of backward) {
    const layer = layers.find((l) => l.name === entry.layer)!;
    for (const p of layer.params()) entry.grads[p.name.slice(p.name.indexOf('/') + 1)] = paramMatrix(p.shape, p.grad);
  }
  const params = model.params();
  const before = params.map((p) => Float64Array.from(p.value));
  const lr = optimizer.currentLearningRate();
  const t = optimizer.iterations + 1;
  optimizer.step(params);
  const slots = optimizer.getState().slots;
  const updates: ParamUpdate[] = params.map((p, k) => {
    const own: Record<string, Matrix> = {};
    for (const [slot, values] of Object.entries(slots[p.name] ?? {})) own[slot] = paramMatrix(p.shape, values);
    const delta = p.value.map((v, i) => v - before[k][i]);
    return {
      name: p.name,
      before: paramMatrix(p.shape, before[k]),
      grad: paramMatrix(p.shape, p.grad),
      slots: own,
      update: paramMatrix(p.shape, delta),
      after: paramMatrix(p.shape, p.value),
    };
  });
  return { step: index, forward, dataLoss, penalty, loss: dataLoss + penalty, backward, lr, t, params: updates };
}

export function trace(opts: TraceOptions): TraceResult {
  const model = traceModel(opts);
  const arch = opts.arch;
  const { x, y, rows, labels } = traceBatch(opts, arch[0], arch[arch.length - 1]);
  const initial: Record<string, Matrix> = {};
  for (const p of model.params()) initial[p.name] = paramMatrix(p.shape, p.value);
  const steps = opts.steps ?? 1;
  check(Number.isInteger(steps) && steps >= 1 && steps <= 20, `trace: steps must be 1..20, got ${steps}`);
  const result: TraceStep[] = [];
  for (let s = 1; s <= steps; s++) {
    result.push(step(model, x, y, s));
    if (!Number.isFinite(result[s - 1].loss)) throw new MlpError('DIVERGED', `trace: the loss is not finite at step ${s}`);
  }
  return {
    options: {
      arch,
      activation: opts.activation ?? 'sigmoid',
      output: opts.output ?? 'softmax',
      loss: model.loss!.name,
      optimizer: model.optimizer!.className,
      seed: opts.seed ?? 1,
    },
    optimizerConfig: model.optimizer!.getConfig(),
    x: matrix(rows.flat(), rows.length, arch[0]),
    labels,
    y: matrix(y.data, y.rows, y.cols),
    initial,
    steps: result,
    model,
  };
}
