/**
 * Flatten and Reshape: change the per-example shape, never the values (a view, no copy).
 * The lecture feeds 28×28 images through `Reshape((784,), input_shape=(28,28))`.
 */
import { MlpError } from '../tensor/errors';
import { shapeSize, type Tensor } from '../tensor/tensor';
import { Layer, type LayerArgs } from './layer';

export class Flatten extends Layer {
  readonly className: string = 'Flatten';
  private inShape: number[] = [];

  computeOutputShape(inputShape: number[]): number[] {
    this.inShape = [...inputShape];
    return [shapeSize(inputShape)];
  }

  forward(x: Tensor, _training: boolean): Tensor {
    this.assertBuilt();
    if (x.cols !== this.outputShape[0]) {
      throw new MlpError('BAD_SHAPE', `${this.name}: expected ${this.outputShape[0]} values per example, got [${x.shape.join(', ')}]`);
    }
    return x.reshape([x.rows, ...this.outputShape]);
  }

  backward(dy: Tensor): Tensor {
    return dy.reshape([dy.rows, ...this.inShape]);
  }
}

export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: number[];
  private inShape: number[] = [];

  constructor(args: LayerArgs & { targetShape: number[] }) {
    super(args);
    this.targetShape = [...args.targetShape];
  }

  computeOutputShape(inputShape: number[]): number[] {
    if (shapeSize(inputShape) !== shapeSize(this.targetShape)) {
      throw new MlpError(
        'BAD_SHAPE',
        `${this.name || 'Reshape'}: cannot reshape [${inputShape.join(', ')}] to [${this.targetShape.join(', ')}] (sizes differ)`,
      );
    }
    this.inShape = [...inputShape];
    return [...this.targetShape];
  }

  forward(x: Tensor, _training: boolean): Tensor {
    this.assertBuilt();
    return x.reshape([x.rows, ...this.targetShape]);
  }

  backward(dy: Tensor): Tensor {
    return dy.reshape([dy.rows, ...this.inShape]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
