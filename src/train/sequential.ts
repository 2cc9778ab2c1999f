/**
 * Sequential: a stack of layers trained by backpropagation, shaped like Keras's `Sequential`.
 *
 * One training step (trainOnBatch):
 *   a⁰ = x;  aˡ = layerˡ.forward(aˡ⁻¹)                       forward, training = true
 *   L  = loss(aᴸ, y) + Σ penalties                           batch mean + weight penalties
 *   δᴸ = ∂L/∂aᴸ   (or ∂L/∂zᴸ = (p − y)/B when the loss is fused with the output activation)
 *   δˡ⁻¹ = layerˡ.backward(δˡ)                               fills each layer's parameter gradients
 *   g += ∂penalty/∂w ;  optimizer.step(params)
 */
import { Layer } from '../layers';
import { getOptimizer, type Optimizer } from '../optim';
import { MlpError, check } from '../tensor/errors';
import type { Param } from '../tensor/param';
import { Rng, type RngState } from '../tensor/rng';
import { Tensor, allocFloat, shapeSize, type DType, type FloatArray } from '../tensor/tensor';
import { fitModel, type FitInput, type FitOptions } from './fit';
import { evaluateModel } from './fit-data';
import type { History } from './history';
import { getLoss, type Loss } from './losses';
import { formatSummary } from './summary';
import { countCorrectBinary, countCorrectCategorical } from './metrics';
import type { SaveResult } from './io/save';
import type { SaveExtras } from './io/side-file';

export interface SequentialArgs {
  /** Seed of the model's Rng (weights, dropout masks, shuffling). Default 1337. */
  seed?: number;
  /** 'float32' for training (default); 'float64' for gradient checks. */
  dtype?: DType;
  name?: string;
}

export interface CompileArgs {
  loss: string | Loss;
  optimizer: string | Optimizer | { className: string; config?: Record<string, unknown> };
  metrics?: string[];
}

export interface BatchResult {
  loss: number;
  accuracy: number;
}

/** Layers whose activation a loss can fuse with (Dense, Activation). */
interface FusableLayer {
  activation: { name: string };
  preActivation: Tensor;
  backwardFromPreActivation(dz: Tensor): Tensor;
}

function isFusable(layer: Layer): layer is Layer & FusableLayer {
  return 'backwardFromPreActivation' in layer && 'activation' in layer;
}

/** Keras's `to_snake_case`: PReLU → p_re_lu, LeakyReLU → leaky_re_lu, Dense → dense. */
function snakeName(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export class Sequential {
  readonly layers: Layer[] = [];
  readonly seed: number;
  readonly dtype: DType;
  name: string;
  rng: Rng;
  loss: Loss | null = null;
  optimizer: Optimizer | null = null;
  metrics: string[] = ['accuracy'];
  built = false;
  inputShape: number[] | null = null;
  /** Set by a callback to end `fit` after the current epoch (Keras `model.stop_training`). */
  stopTraining = false;
  /** Penalty part of the last training batch's loss. */
  lastPenalty = 0;
  /** How many clones were made, so each clone of a model gets its own fresh weights. */
  cloneCount = 0;
  private nameCounts = new Map<string, number>();
  private scratch = new Map<string, Tensor>();
  private fused = false;

  constructor(layers: Layer[] = [], args: SequentialArgs = {}) {
    this.seed = args.seed ?? 1337;
    check(Number.isInteger(this.seed) && this.seed >= 0, `seed must be a non-negative integer, got ${args.seed}`);
    this.dtype = args.dtype ?? 'float32';
    check(this.dtype === 'float32' || this.dtype === 'float64', `dtype must be 'float32' or 'float64', got ${args.dtype}`);
    this.name = args.name ?? 'sequential';
    this.rng = new Rng(this.seed);
    for (const layer of layers) this.add(layer);
  }

  add(layer: Layer): this {
    if (!(layer instanceof Layer)) throw new MlpError('BAD_ARGUMENT', 'Sequential.add() takes a layer (Dense, Dropout, …)');
    if (this.built) throw new MlpError('BAD_CONFIG', 'cannot add layers to a model that is already built');
    if (!layer.name) {
      const base = snakeName(layer.className);
      const count = this.nameCounts.get(base) ?? 0;
      layer.name = count === 0 ? base : `${base}_${count}`;
      this.nameCounts.set(base, count + 1);
    }
    this.layers.push(layer);
    return this;
  }

  /** Creates every layer's parameters, in order, from the model's Rng. */
  build(inputShape?: number[]): void {
    if (this.built) return;
    check(this.layers.length > 0, 'the model has no layers: add() at least one', 'BAD_CONFIG');
    const shape = inputShape ?? this.layers[0].inputShape;
    if (!shape) {
      throw new MlpError('NOT_BUILT', 'the first layer needs an inputShape (e.g. new Dense({units: 30, inputShape: [784]}))');
    }
    this.inputShape = [...shape];
    let current = [...shape];
    for (const layer of this.layers) {
      layer.build(current, { rng: this.rng, dtype: this.dtype });
      current = layer.outputShape;
    }
    // ∂L/∂x is needed only where a layer below has parameters: not for the first layer, nor for a
    // Dense after a Reshape or Flatten (the CLI's MNIST model: one product of three per step saved).
    let below = false;
    for (const layer of this.layers) {
      layer.needsInputGradient = below;
      below ||= layer.params().length > 0;
    }
    this.built = true;
    this.updateFusion();
  }

  compile(args: CompileArgs): this {
    this.loss = getLoss(args.loss);
    this.optimizer = getOptimizer(args.optimizer);
    this.metrics = args.metrics ?? ['accuracy'];
    this.updateFusion();
    return this;
  }

  get outputSize(): number {
    this.ensureBuilt();
    return shapeSize(this.layers[this.layers.length - 1].outputShape);
  }

  get inputSize(): number {
    this.ensureBuilt();
    return shapeSize(this.inputShape!);
  }

  /** Trainable parameters in Keras weight order. */
  params(): Param[] {
    this.ensureBuilt();
    return this.layers.flatMap((l) => l.params());
  }

  /** Forward pass; training = true enables dropout. */
  forward(x: Tensor, training: boolean): Tensor {
    this.ensureBuilt(x);
    let a = this.asModelInput(x);
    for (const layer of this.layers) a = layer.forward(a, training);
    return a;
  }

  /**
   * Loss of the last forward pass against y, and ∂L/∂(output) pushed back through every layer.
   * Returns the data loss (without penalties) and the number of correct predictions.
   */
  backwardFromLoss(out: Tensor, y: Tensor): { dataLoss: number; correct: number } {
    const loss = this.requireCompiled();
    const rows = out.rows;
    const cols = out.cols;
    this.checkTargets(y, rows, cols);
    const last = this.layers[this.layers.length - 1];
    const grad = this.scratchTensor('grad', rows, cols);
    let dataLoss: number;
    let delta: Tensor;
    if (this.fused && isFusable(last)) {
      dataLoss = loss.computeFromLogits(last.preActivation.data, y.data, rows, cols, last.logSumExp);
      loss.gradientFromLogits(out.data, y.data, grad.data, rows, cols);
      delta = last.backwardFromPreActivation(grad);
    } else {
      dataLoss = loss.compute(out.data, y.data, rows, cols);
      loss.gradient(out.data, y.data, grad.data, rows, cols);
      delta = last.backward(grad);
    }
    // Layers below the lowest one with parameters have no gradient to compute.
    for (let i = this.layers.length - 2; i >= 0 && this.layers[i + 1].needsInputGradient; i--) delta = this.layers[i].backward(delta);
    return { dataLoss, correct: this.countCorrect(out.data, y.data, rows, cols) };
  }

  /** Σ of every layer's weight penalty. */
  regularizationLoss(): number {
    let p = 0;
    for (const layer of this.layers) p += layer.regularizationLoss();
    return p;
  }

  /**
   * One gradient step on a batch. Returns the batch loss (data loss + penalties, as Keras) and the
   * number of correct predictions; used by trainOnBatch and fit.
   */
  trainStep(x: Tensor, y: Tensor): { loss: number; correct: number; penalty: number } {
    const optimizer = this.requireOptimizer();
    const out = this.forward(x, true);
    const { dataLoss, correct } = this.backwardFromLoss(out, y);
    const penalty = this.regularizationLoss();
    for (const layer of this.layers) layer.addRegularizationGradients();
    optimizer.step(this.params());
    this.lastPenalty = penalty;
    return { loss: dataLoss + penalty, correct, penalty };
  }

  /** Trains for `epochs` epochs (Keras `fit`): fit(x, y, opts), or fit(dataset, opts); see fit.ts. */
  fit(x: FitInput, y?: Tensor | FitOptions, opts?: FitOptions): Promise<History> {
    return fitModel(this, x, y, opts);
  }

  trainOnBatch(x: Tensor, y: Tensor): BatchResult {
    const { loss, correct } = this.trainStep(x, y);
    return { loss, accuracy: correct / x.rows };
  }

  /** Outputs for x in inference mode, computed batchSize rows at a time. */
  predict(x: Tensor, opts: { batchSize?: number } = {}): Tensor {
    this.ensureBuilt(x);
    const input = this.asModelInput(x);
    const batchSize = this.checkBatchSize(opts.batchSize ?? 32);
    const n = input.rows;
    const cols = this.outputSize;
    const out = new Tensor(allocFloat(n * cols, this.dtype), [n, ...this.layers[this.layers.length - 1].outputShape]);
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const a = this.forward(input.sliceRows(start, end), false);
      out.data.set(a.data.subarray(0, (end - start) * cols), start * cols);
    }
    return out;
  }

  /**
   * Mean loss (with penalties, as Keras) and accuracy in inference mode: evaluate(x, y, opts) with
   * Tensors, or evaluate(dataset, opts); batch by batch (see fit-data.ts).
   */
  evaluate(x: FitInput, y?: Tensor | { batchSize?: number }, opts: { batchSize?: number } = {}): BatchResult {
    this.requireCompiled();
    if (y instanceof Tensor) return evaluateModel(this, x, y, opts);
    return evaluateModel(this, x, undefined, y ?? opts);
  }

  /** Data loss (batch mean, no penalty) and correct count of one batch in inference mode. */
  evaluateBatch(x: Tensor, y: Tensor, loss: Loss = this.requireCompiled()): { loss: number; correct: number } {
    const out = this.forward(x, false);
    const rows = out.rows;
    const cols = out.cols;
    const last = this.layers[this.layers.length - 1];
    const value =
      this.fused && isFusable(last)
        ? loss.computeFromLogits(last.preActivation.data, y.data, rows, cols, last.logSumExp)
        : loss.compute(out.data, y.data, rows, cols);
    return { loss: value, correct: this.countCorrect(out.data, y.data, rows, cols) };
  }

  /** Copies of the weights in Keras order (per layer: kernel, bias; PReLU alpha). */
  getWeights(): Tensor[] {
    return this.params().map((p) => {
      const data = allocFloat(p.value.length, this.dtype);
      data.set(p.value);
      return new Tensor(data, p.shape);
    });
  }

  setWeights(weights: (Tensor | FloatArray)[]): void {
    const params = this.params();
    check(
      weights.length === params.length,
      `setWeights() expects ${params.length} arrays (${params.map((p) => p.name).join(', ')}), got ${weights.length}`,
    );
    params.forEach((p, i) => {
      const w = weights[i];
      const data = w instanceof Tensor ? w.data : w;
      check(
        data.length === p.value.length,
        `setWeights(): ${p.name} needs ${p.value.length} values (shape [${p.shape.join(', ')}]), got ${data.length}`,
        'BAD_SHAPE',
      );
      p.value.set(data);
    });
  }

  /** Keras-like table of layers, output shapes and parameter counts; printed and returned (summary.ts). */
  summary(print: ((line: string) => void) | null = console.log): string {
    this.ensureBuilt();
    const text = formatSummary(this);
    if (print) print(text);
    return text;
  }

  /** State of every random stream (model and dropout layers), for exact resume. */
  getRandomState(): { model: RngState; layers: Record<string, RngState> } {
    const layers: Record<string, RngState> = {};
    for (const l of this.layers) {
      const rng = (l as { rng?: Rng | null }).rng;
      if (rng) layers[l.name] = rng.getState();
    }
    return { model: this.rng.getState(), layers };
  }

  setRandomState(state: { model: RngState; layers: Record<string, RngState> }): void {
    this.rng.setState(state.model);
    for (const l of this.layers) {
      const rng = (l as { rng?: Rng | null }).rng;
      if (rng && state.layers[l.name]) rng.setState(state.layers[l.name]);
    }
  }

  /**
   * Saves to the folder `dir` in the TF.js layers-model format (model.json + weights), with a side
   * file holding the optimizer, Rng states and `extras` for an exact resume; see src/train/io.
   */
  save(dir: string, extras?: SaveExtras): SaveResult {
    // Required when called: io/load.ts imports Sequential, so a static import would be circular.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const io = require('./io/save') as typeof import('./io/save');
    return io.saveModel(this, dir, extras);
  }

  /** Architecture as Keras-style {className, config} per layer. */
  getConfig(): { name: string; seed: number; layers: { className: string; config: Record<string, unknown> }[] } {
    return { name: this.name, seed: this.seed, layers: this.layers.map((l) => ({ className: l.className, config: l.getConfig() })) };
  }

  private countCorrect(p: FloatArray, y: FloatArray, rows: number, cols: number): number {
    return this.loss?.name === 'binary_crossentropy' ? countCorrectBinary(p, y, rows, cols) : countCorrectCategorical(p, y, rows, cols);
  }

  private updateFusion(): void {
    if (!this.built || !this.loss) return;
    const last = this.layers[this.layers.length - 1];
    this.fused = isFusable(last) && last.activation.name === this.loss.fusedActivation;
  }

  private ensureBuilt(x?: Tensor): void {
    if (this.built) return;
    if (!this.layers[0]?.inputShape && x) this.build(x.shape.slice(1));
    else this.build();
  }

  private requireCompiled(): Loss {
    if (!this.loss) throw new MlpError('NOT_BUILT', 'compile() the model with a loss before training or evaluating it');
    return this.loss;
  }

  private requireOptimizer(): Optimizer {
    this.requireCompiled();
    return this.optimizer!;
  }

  private checkBatchSize(b: number): number {
    check(Number.isInteger(b) && b > 0, `batchSize must be a positive integer, got ${b}`);
    return b;
  }

  private checkTargets(y: Tensor, rows: number, cols: number): void {
    if (y.rows !== rows || y.cols !== cols) {
      throw new MlpError(
        'BAD_SHAPE',
        `targets have shape [${y.shape.join(', ')}] but the model outputs [${rows}, ${cols}]: targets must be one-hot with ${cols} columns, one row per example`,
      );
    }
  }

  /** Checks the per-example size and converts to the model's dtype if needed. */
  private asModelInput(x: Tensor, isInput = true): Tensor {
    if (isInput && x.cols !== this.inputSize) {
      throw new MlpError(
        'BAD_SHAPE',
        `the model expects ${this.inputSize} values per example (input shape [${this.inputShape!.join(', ')}]), got data of shape [${x.shape.join(', ')}]`,
      );
    }
    return x.dtype === this.dtype ? x : x.clone(this.dtype);
  }

  private scratchTensor(key: string, rows: number, cols: number): Tensor {
    const id = `${key}:${rows}x${cols}`;
    let t = this.scratch.get(id);
    if (!t) {
      t = new Tensor(allocFloat(rows * cols, this.dtype), [rows, cols]);
      this.scratch.set(id, t);
    }
    return t;
  }
}
