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
import { prelu, preluBackward } from '../tensor/ops';
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
    const a = this.buffer('a', x.rows, this.outputShape);
    // a[r, j] = x > 0 ? x : α[j]·x, on the backend (tensor/elementwise.ts: preluJs is the loop)
    prelu(x.data, this.alpha.value, a.data, x.rows, this.size);
    this.x = x;
    return a;
  }

  backward(dy: Tensor): Tensor {
    const x = this.x!;
    const dx = this.buffer('dx', x.rows, this.outputShape);
    // dx = dy if x > 0, α[j]·dy if x < 0, 0 at x = 0;  ∂L/∂α[j] = Σ_rows dy·x over x < 0
    preluBackward(x.data, this.alpha.value, dy.data, dx.data, this.alpha.grad, x.rows, this.size);
    return dx;
  }

  override params(): Param[] {
    return [this.alpha];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alphaInitializer: this.alphaInitializer };
  }
}
