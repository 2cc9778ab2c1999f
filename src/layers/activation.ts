/**
 * Activation as a layer of its own (Keras `Activation('relu')`, `LeakyReLU(alpha)`):
 * forward a = f(x), backward dx = dy ⊙ f'(x), with f from activations.ts.
 */
import { shapeSize, type Tensor } from '../tensor/tensor';
import { check, isFiniteNumber } from '../tensor/errors';
import { getActivation, type ActivationFn } from './activations';
import { Layer, type BuildContext, type LayerArgs } from './layer';

export class Activation extends Layer {
  readonly className: string = 'Activation';
  readonly activation: ActivationFn;
  protected alpha = 0;
  private size = 0;
  private x: Tensor | null = null;
  private a: Tensor | null = null;

  constructor(args: LayerArgs & { activation: string }) {
    super(args);
    this.activation = getActivation(args.activation);
  }

  computeOutputShape(inputShape: number[]): number[] {
    return [...inputShape];
  }

  override build(inputShape: number[], ctx: BuildContext): void {
    super.build(inputShape, ctx);
    this.size = shapeSize(inputShape);
  }

  forward(x: Tensor, _training: boolean): Tensor {
    this.assertBuilt();
    const a = this.buffer('a', x.rows, this.outputShape);
    const lse = this.logSumExpFor(this.activation.name === 'softmax', x.rows);
    this.activation.forward(x.data, a.data, x.rows, this.size, this.alpha, lse);
    this.x = x;
    this.a = a;
    return a;
  }

  backward(dy: Tensor): Tensor {
    const rows = this.x!.rows;
    const dx = this.buffer('dx', rows, this.outputShape);
    this.activation.backward(this.x!.data, this.a!.data, dy.data, dx.data, rows, this.size, this.alpha);
    return dx;
  }

  /** With a fused loss the gradient arriving here is already ∂L/∂x. */
  backwardFromPreActivation(dz: Tensor): Tensor {
    return dz;
  }

  get preActivation(): Tensor {
    return this.x!;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}

/** LeakyReLU layer: f(x) = x if x > 0 else α·x, Keras default α = 0.3 (PyTorch's is 0.01). */
export class LeakyReLU extends Activation {
  override readonly className = 'LeakyReLU';

  constructor(args: LayerArgs & { alpha?: number } = {}) {
    super({ ...args, activation: 'leaky_relu' });
    this.alpha = args.alpha ?? 0.3;
    check(isFiniteNumber(this.alpha), `LeakyReLU alpha must be a finite number, got ${args.alpha}`);
  }

  override getConfig(): Record<string, unknown> {
    const { activation: _a, ...rest } = super.getConfig();
    return { ...rest, alpha: this.alpha };
  }
}
