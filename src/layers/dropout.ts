/**
 * Inverted dropout (Srivastava et al., 2014; Keras/PyTorch semantics), `rate` = drop probability:
 *
 *   training:   mask_i = 1/(1 − rate) with probability 1 − rate, else 0;   y = x ⊙ mask
 *   inference:  y = x
 *   backward:   dx = dy ⊙ mask            (the same mask as the forward pass)
 *
 * Scaling the kept units at training time keeps E[y] = x, so inference needs no rescaling (the
 * bug ConvNetJS and brain.js shipped was scaling the wrong way at test time).
 * The mask comes from the layer's own seeded Rng stream; `fixedMask` replaces it (gradient checks).
 */
import { check, isFiniteNumber } from '../tensor/errors';
import { dropout as dropoutKernel, multiply } from '../tensor/ops';
import type { Rng } from '../tensor/rng';
import { shapeSize, type FloatArray, type Tensor } from '../tensor/tensor';
import { Layer, type BuildContext, type LayerArgs } from './layer';

export class Dropout extends Layer {
  readonly className = 'Dropout';
  readonly rate: number;
  rng: Rng | null = null;
  /** When set, used instead of drawing a mask (values already scaled). */
  fixedMask: FloatArray | null = null;
  private size = 0;
  private mask: Tensor | null = null;
  private active = false;

  constructor(args: LayerArgs & { rate: number }) {
    super(args);
    check(isFiniteNumber(args.rate) && args.rate >= 0 && args.rate < 1, `Dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape];
  }

  override build(inputShape: number[], ctx: BuildContext): void {
    super.build(inputShape, ctx);
    this.size = shapeSize(inputShape);
    this.rng = ctx.rng.fork();
  }

  forward(x: Tensor, training: boolean): Tensor {
    this.assertBuilt();
    this.active = training && this.rate > 0;
    if (!this.active) return x;
    const n = x.rows * this.size;
    const mask = this.buffer('mask', x.rows, this.outputShape);
    const m = mask.data;
    const y = this.buffer('y', x.rows, this.outputShape);
    if (this.fixedMask) {
      m.set(this.fixedMask.subarray(0, n));
      multiply(x.data, m, y.data, n);
    } else {
      const keep = 1 - this.rate;
      // m[i] = rng.uniform() < keep ? 1/keep : 0, then y = x ⊙ m, on the backend (tensor/elementwise.ts)
      dropoutKernel(this.rng!, x.data, m, y.data, n, keep, 1 / keep);
    }
    this.mask = mask;
    return y;
  }

  backward(dy: Tensor): Tensor {
    if (!this.active) return dy;
    const m = this.mask!.data;
    const dx = this.buffer('dx', dy.rows, this.outputShape);
    const g = dy.data;
    const out = dx.data;
    const n = dy.rows * this.size;
    for (let i = 0; i < n; i++) out[i] = g[i] * m[i];
    return dx;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate };
  }
}
