/**
 * Shuffling that a resumed run reproduces exactly. At the start of every epoch a fresh permutation
 * is drawn from the model's Rng (Keras draws a new permutation per epoch too):
 *   perm = FisherYates(0, 1, …, n − 1; model.rng)
 * and batch rows are read through it: row i of the epoch is example perm[i]. The order therefore
 * depends only on the Rng state at the epoch's start, which a checkpoint saves; fit runs with
 * shuffle: false. (fit's own shuffle permutes the previous epoch's order again, so its order after
 * a restart would differ from the uninterrupted run's.)
 */
import { Callback } from '../callbacks/callback';
import type { BatchSource } from '../data';

export class EpochShuffler extends Callback {
  /** The source fit reads: `inner` seen through this epoch's permutation. */
  readonly source: BatchSource;
  private readonly perm: Int32Array;
  private readonly mapped: Int32Array;

  constructor(inner: BatchSource) {
    super();
    this.perm = new Int32Array(inner.n);
    this.mapped = new Int32Array(inner.n);
    const { perm, mapped } = this;
    this.source = {
      n: inner.n,
      inputSize: inner.inputSize,
      outputSize: inner.outputSize,
      fill(order, start, end, xOut, yOut) {
        for (let i = start; i < end; i++) mapped[i] = perm[order[i]];
        inner.fill(mapped, start, end, xOut, yOut);
      },
    };
  }

  override onEpochBegin(): void {
    for (let i = 0; i < this.perm.length; i++) this.perm[i] = i;
    this.model.rng.shuffle(this.perm);
  }
}
