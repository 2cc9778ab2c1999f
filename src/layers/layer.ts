/**
 * The layer contract. Every layer has `forward(x, training)` and `backward(dy)` side by side:
 * forward caches only what backward needs; backward fills the gradients of the layer's own
 * parameters (overwriting, not accumulating) and returns ∂L/∂x.
 *
 * Shapes are per example (without the batch axis), as in Keras `input_shape=(28, 28)`.
 * Buffers are allocated when a batch size is first seen and reused afterwards, so a training step
 * allocates nothing (a data set has at most two batch sizes: full batches and the last one).
 */
import { MlpError } from '../tensor/errors';
import type { Param } from '../tensor/param';
import type { Rng } from '../tensor/rng';
import { Tensor, allocFloat, shapeSize, type DType } from '../tensor/tensor';

export interface BuildContext {
  rng: Rng;
  dtype: DType;
}

export interface LayerArgs {
  name?: string;
  /** Per-example input shape of the first layer, e.g. [28, 28] or [784]. */
  inputShape?: number[];
}

export abstract class Layer {
  /** Keras class name, used in summaries and model.json. */
  abstract readonly className: string;
  name: string;
  inputShape: number[] | null;
  outputShape: number[] = [];
  built = false;
  dtype: DType = 'float32';
  /** The model clears this on the first layer: nobody needs ∂L/∂x of the input images. */
  needsInputGradient = true;
  private buffers = new Map<string, Tensor>();

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? '';
    this.inputShape = args.inputShape ? [...args.inputShape] : null;
    if (this.inputShape) {
      for (const d of this.inputShape) {
        if (!Number.isInteger(d) || d <= 0) {
          throw new MlpError('BAD_SHAPE', `inputShape must be positive integers, got [${this.inputShape.join(', ')}]`);
        }
      }
    }
  }

  /** Creates parameters for a per-example input shape; sets `outputShape`. */
  build(inputShape: number[], ctx: BuildContext): void {
    this.dtype = ctx.dtype;
    this.outputShape = this.computeOutputShape(inputShape);
    this.buffers.clear();
    this.built = true;
  }

  abstract computeOutputShape(inputShape: number[]): number[];
  abstract forward(x: Tensor, training: boolean): Tensor;
  abstract backward(dy: Tensor): Tensor;

  /** Trainable parameters in Keras weight order. */
  params(): Param[] {
    return [];
  }

  /** Sum of this layer's weight penalties (0 without regularizers). */
  regularizationLoss(): number {
    return 0;
  }

  /** Adds the penalties' gradients to the parameter gradients (after backward). */
  addRegularizationGradients(): void {}

  /** Keras-style config (camelCase); enough to rebuild the layer with fresh weights. */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name };
    if (this.inputShape) config.inputShape = [...this.inputShape];
    return config;
  }

  /**
   * log Σ_c e^{z_rc} per row of the last forward pass when the layer's activation is softmax (written
   * by the softmax itself), else null: a fused cross-entropy reads it instead of computing it again.
   */
  logSumExp: Float64Array | null = null;

  /** The logSumExp buffer for a batch of `rows` when `softmax`, else undefined (and logSumExp null). */
  protected logSumExpFor(softmax: boolean, rows: number): Float64Array | undefined {
    if (!softmax) {
      this.logSumExp = null;
      return undefined;
    }
    const lse = this.buffer('logSumExp', rows, [], 'float64').data as Float64Array;
    this.logSumExp = lse;
    return lse;
  }

  /** A reusable buffer [rows, ...shape], keyed by purpose and batch size. */
  protected buffer(key: string, rows: number, shape: readonly number[], dtype: DType = this.dtype): Tensor {
    const id = `${key}:${rows}`;
    let t = this.buffers.get(id);
    if (!t) {
      t = new Tensor(allocFloat(rows * shapeSize(shape), dtype), [rows, ...shape]);
      this.buffers.set(id, t);
    }
    return t;
  }

  protected newParam(suffix: string, shape: number[]): Param {
    const n = shapeSize(shape);
    return { name: `${this.name}/${suffix}`, shape, value: allocFloat(n, this.dtype), grad: allocFloat(n, this.dtype) };
  }

  protected assertBuilt(): void {
    if (!this.built) throw new MlpError('NOT_BUILT', `layer ${this.name || this.className} is used before it was built`);
  }
}

/** Checks x is [rows, ...expected] before a layer uses it. */
export function checkInput(layer: Layer, x: Tensor, expected: number): void {
  if (x.cols !== expected) {
    throw new MlpError(
      'BAD_SHAPE',
      `${layer.name}: expected inputs with ${expected} values per example, got shape [${x.shape.join(', ')}]`,
    );
  }
}
