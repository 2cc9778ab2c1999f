/**
 * PReLU (He et al., 2015) with a trainable slope per unit, Keras semantics
 * (keras/src/layers/activations/prelu.py):
 *
 *   f(x)   = relu(x) − α ⊙ relu(−x)         i.e. x if x > 0 else α·x
 *   ∂f/∂x  = 1 if x > 0, α if x < 0, 0 at x = 0 (Keras: both relu terms have slope 0 at 0)
 *   ∂L/∂α  = Σ_rows dy ⊙ (−relu(−x))         i.e. Σ dy·x over the entries with x < 0
 *
 * α has the per-example input shape (one α per unit) and starts at 0 (Keras); PyTorch shares one
 * α = 0.25 — set `alphaInitializer: 0.25` for that start.
 */
import type { Param } from '../tensor/param';
import { shapeSize, type Tensor } from '../tensor/tensor';
import { check, isFiniteNumber } from '../tensor/errors';
import { Layer, type BuildContext, type LayerArgs } from './layer';

export class PReLU extends Layer {
  readonly className = 'PReLU';
  alpha!: Param;
  readonly alphaInitializer: number;
  private size = 0;
  private x: Tensor | null = null;

  constructor(args: LayerArgs & { alphaInitializer?: number } = {}) {
    super(args);
    this.alphaInitializer = args.alphaInitializer ?? 0;
    check(isFiniteNumber(this.alphaInitializer), `PReLU alphaInitializer must be a finite number, got ${args.alphaInitializer}`);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape];
  }

  override build(inputShape: number[], ctx: BuildContext): void {
    super.build(inputShape, ctx);
    this.size = shapeSize(inputShape);
    this.alpha = this.newParam('alpha', [...inputShape]);
    this.alpha.value.fill(this.alphaInitializer);
  }

  forward(x: Tensor, _training: boolean): Tensor {
    this.assertBuilt();
    const rows = x.rows;
    const size = this.size;
    const alpha = this.alpha.value;
    const xs = x.data;
    const a = this.buffer('a', rows, this.outputShape);
    const out = a.data;
    for (let r = 0; r < rows; r++) {
      const base = r * size;
      for (let j = 0; j < size; j++) {
        const v = xs[base + j];
        out[base + j] = v > 0 ? v : alpha[j] * v;
      }
    }
    this.x = x;
    return a;
  }

  backward(dy: Tensor): Tensor {
    const x = this.x!;
    const rows = x.rows;
    const size = this.size;
    const alpha = this.alpha.value;
    const dAlpha = this.alpha.grad;
    const xs = x.data;
    const g = dy.data;
    const dx = this.buffer('dx', rows, this.outputShape);
    const out = dx.data;
    dAlpha.fill(0);
    for (let r = 0; r < rows; r++) {
      const base = r * size;
      for (let j = 0; j < size; j++) {
        const v = xs[base + j];
        if (v > 0) {
          out[base + j] = g[base + j];
        } else if (v < 0) {
          out[base + j] = alpha[j] * g[base + j];
          dAlpha[j] += g[base + j] * v;
        } else {
          out[base + j] = 0;
        }
      }
    }
    return dx;
  }

  override params(): Param[] {
    return [this.alpha];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alphaInitializer: this.alphaInitializer };
  }
}
