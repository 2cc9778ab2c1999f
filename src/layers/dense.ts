/**
 * Dense (fully connected) layer, Keras layout: kernel W is [in, out], bias b is [out].
 *
 * forward:   z = x·W + b            a = f(z)
 * backward:  dz = dy ⊙ f'(z)        (dz is handed in directly when the loss is fused with f)
 *            dW = xᵀ·dz             db = Σ_rows dz            dx = dz·Wᵀ
 *
 * With a kernel (or bias) regularizer the penalty's gradient is added to dW (db) afterwards.
 */
import { matmul } from '../tensor/backend';
import { check } from '../tensor/errors';
import { addBias, columnSums } from '../tensor/ops';
import type { Param } from '../tensor/param';
import { Tensor } from '../tensor/tensor';
import { getActivation, type ActivationFn } from './activations';
import { getInitializer, canonicalInitializerName } from './initializers';
import { Layer, checkInput, type BuildContext, type LayerArgs } from './layer';
import { Regularizer, regularizerFrom } from './regularizers';

export interface DenseArgs extends LayerArgs {
  units: number;
  activation?: string;
  useBias?: boolean;
  kernelInitializer?: string;
  biasInitializer?: string;
  kernelRegularizer?: Regularizer | null;
  biasRegularizer?: Regularizer | null;
  /** Slope for activation 'leakyRelu' (Keras LeakyReLU layer default 0.3). */
  alpha?: number;
}

export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: string;
  readonly biasInitializer: string;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly alpha: number;
  inputSize = 0;
  kernel!: Param;
  bias: Param | null = null;
  private x: Tensor | null = null;
  private z: Tensor | null = null;
  private a: Tensor | null = null;

  constructor(args: DenseArgs) {
    super(args);
    check(Number.isInteger(args.units) && args.units > 0, `Dense units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.activation = getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = canonicalInitializerName(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = canonicalInitializerName(args.biasInitializer ?? 'zeros');
    getInitializer(this.kernelInitializer);
    getInitializer(this.biasInitializer);
    this.kernelRegularizer = regularizerFrom(args.kernelRegularizer);
    this.biasRegularizer = regularizerFrom(args.biasRegularizer);
    this.alpha = args.alpha ?? 0.3;
  }

  computeOutputShape(inputShape: number[]): number[] {
    check(
      inputShape.length === 1,
      `Dense expects a flat input [features], got [${inputShape.join(', ')}]; add a Flatten layer first`,
      'BAD_SHAPE',
    );
    return [this.units];
  }

  override build(inputShape: number[], ctx: BuildContext): void {
    super.build(inputShape, ctx);
    this.inputSize = inputShape[0];
    this.kernel = this.newParam('kernel', [this.inputSize, this.units]);
    getInitializer(this.kernelInitializer)(this.kernel.value, this.inputSize, this.units, ctx.rng);
    if (this.useBias) {
      this.bias = this.newParam('bias', [this.units]);
      getInitializer(this.biasInitializer)(this.bias.value, this.inputSize, this.units, ctx.rng);
    }
  }

  forward(x: Tensor, _training: boolean): Tensor {
    this.assertBuilt();
    checkInput(this, x, this.inputSize);
    const rows = x.rows;
    const z = this.buffer('z', rows, [this.units]);
    matmul(x.data, this.kernel.value, z.data, rows, this.inputSize, this.units);
    const a = this.activation.name === 'linear' ? z : this.buffer('a', rows, [this.units]);
    const lse = this.logSumExpFor(this.activation.name === 'softmax', rows);
    if (this.bias && this.activation.forwardWithBias) {
      this.activation.forwardWithBias(z.data, this.bias.value, a.data, rows, this.units); // z += b; a = f(z)
    } else {
      if (this.bias) addBias(z.data, this.bias.value, rows, this.units);
      this.activation.forward(z.data, a.data, rows, this.units, this.alpha, lse);
    }
    this.x = x;
    this.z = z;
    this.a = a;
    return a;
  }

  backward(dy: Tensor): Tensor {
    const z = this.z!;
    const rows = z.rows;
    const dz = this.activation.name === 'linear' ? dy : this.buffer('dz', rows, [this.units]);
    this.activation.backward(z.data, this.a!.data, dy.data, dz.data, rows, this.units, this.alpha);
    return this.backwardFromPreActivation(dz);
  }

  /** Backward from dz = ∂L/∂z, used when the loss is fused with this layer's activation. */
  backwardFromPreActivation(dz: Tensor): Tensor {
    const x = this.x!;
    const rows = x.rows;
    matmul(x.data, dz.data, this.kernel.grad, this.inputSize, rows, this.units, true, false);
    if (this.bias) columnSums(dz.data, this.bias.grad, rows, this.units);
    const dx = this.buffer('dx', rows, [this.inputSize]);
    if (this.needsInputGradient) matmul(dz.data, this.kernel.value, dx.data, rows, this.units, this.inputSize, false, true);
    return dx;
  }

  /** Pre-activation z of the last forward pass (the logits for a fused softmax loss). */
  get preActivation(): Tensor {
    return this.z!;
  }

  override params(): Param[] {
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  override regularizationLoss(): number {
    let p = 0;
    if (this.kernelRegularizer) p += this.kernelRegularizer.penalty(this.kernel.value);
    if (this.biasRegularizer && this.bias) p += this.biasRegularizer.penalty(this.bias.value);
    return p;
  }

  override addRegularizationGradients(): void {
    if (this.kernelRegularizer) this.kernelRegularizer.addGradient(this.kernel.value, this.kernel.grad);
    if (this.biasRegularizer && this.bias) this.biasRegularizer.addGradient(this.bias.value, this.bias.grad);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      kernelRegularizer: this.kernelRegularizer ? this.kernelRegularizer.toJSON() : null,
      biasRegularizer: this.biasRegularizer ? this.biasRegularizer.toJSON() : null,
      ...(this.activation.name === 'leaky_relu' ? { alpha: this.alpha } : {}),
    };
  }
}
