/**
 * Checkpoints for interruption and resume. A run is resumable at the end of any COMPLETE epoch e
 * from: the weights, the optimizer state (slots, iterations), every random stream (shuffling,
 * dropout), the History so far and the EarlyStopping state — fit(initialEpoch = e) then continues
 * to the same final weights as a run that was never stopped.
 *
 * `EpochSnapshot` keeps that state in memory after each complete epoch (an epoch cut short by a
 * stop request is not complete: fit still calls onEpochEnd for it, so batches are counted) and,
 * with an output folder, also saves it as DIR/checkpoint (io/save.ts, atomic). When the run is
 * interrupted, `restore` puts the last snapshot back into the model, so it can be saved.
 */
import type { OptimizerState } from '../../optim';
import type { RngState } from '../../tensor/rng';
import { Tensor, type FloatArray } from '../../tensor/tensor';
import { Callback, type Logs } from '../callbacks/callback';
import { EarlyStopping } from '../callbacks/early-stopping';
import { History, historyToJSON, type HistoryJSON } from '../history';
import { saveModel } from '../io/save';
import type { Sequential } from '../sequential';

/** The part of EarlyStopping's state that carries over an interruption (Keras keeps it in the callback). */
export interface EarlyStoppingState {
  wait: number;
  best: number | null;
  bestEpoch: number;
  stoppedEpoch: number;
  bestWeights: number[][] | null;
}

export interface RunState {
  earlyStopping: EarlyStoppingState | null;
}

/** EarlyStopping that starts from a saved state instead of from scratch (a resumed run). */
export class ResumableEarlyStopping extends EarlyStopping {
  resumeFrom: EarlyStoppingState | null = null;

  override onTrainBegin(): void {
    super.onTrainBegin();
    const s = this.resumeFrom;
    if (!s) return;
    this.wait = s.wait;
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.stoppedEpoch = s.stoppedEpoch;
    this.bestWeights = s.bestWeights ? s.bestWeights.map((w, i) => new Tensor(Float32Array.from(w), this.model.params()[i].shape)) : null;
  }

  state(): EarlyStoppingState {
    return {
      wait: this.wait,
      best: this.best,
      bestEpoch: this.bestEpoch,
      stoppedEpoch: this.stoppedEpoch,
      bestWeights: this.bestWeights ? this.bestWeights.map((t) => Array.from(t.data)) : null,
    };
  }
}

function copyOptimizerState(s: OptimizerState): OptimizerState {
  const slots: OptimizerState['slots'] = {};
  for (const [param, record] of Object.entries(s.slots)) {
    slots[param] = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v.slice()]));
  }
  return { iterations: s.iterations, slots, extra: s.extra ? { ...s.extra } : undefined };
}

interface Snapshot {
  epoch: number;
  weights: FloatArray[];
  optimizer: OptimizerState;
  random: { model: RngState; layers: Record<string, RngState> };
  history: HistoryJSON;
  state: RunState;
}

export class EpochSnapshot extends Callback {
  private snapshot: Snapshot | null = null;
  private batches = 0;

  constructor(
    private readonly history: History,
    private readonly earlyStopping: ResumableEarlyStopping | null,
    /** Where to save each complete epoch (DIR/checkpoint), or null to keep it in memory only. */
    private readonly dir: string | null,
  ) {
    super();
  }

  /** Completed epochs in the last snapshot. */
  get epoch(): number {
    return this.snapshot?.epoch ?? 0;
  }

  override onTrainBegin(): void {
    this.take(this.params.initialEpoch);
  }

  override onEpochBegin(): void {
    this.batches = 0;
  }

  override onBatchEnd(): void {
    this.batches++;
  }

  override onEpochEnd(epoch: number, _logs: Logs): void {
    if (this.batches < this.params.steps || this.history.diverged) return;
    this.take(epoch + 1);
    if (this.dir) this.save(this.dir);
  }

  /** Writes the current model state as a checkpoint of `epoch` completed epochs. */
  save(dir: string): void {
    const s = this.snapshot!;
    saveModel(this.model, dir, { epoch: s.epoch, history: s.history, state: { ...s.state } as unknown as Record<string, unknown> });
  }

  /** Puts the last snapshot back into the model (weights, optimizer, random streams). */
  restore(): void {
    const s = this.snapshot!;
    this.model.params().forEach((p, i) => p.value.set(s.weights[i]));
    this.model.optimizer!.setState(copyOptimizerState(s.optimizer));
    this.model.setRandomState(s.random);
  }

  private take(epoch: number): void {
    const model: Sequential = this.model;
    this.snapshot = {
      epoch,
      weights: model.params().map((p) => p.value.slice()),
      optimizer: copyOptimizerState(model.optimizer!.getState()),
      random: model.getRandomState(),
      history: historyToJSON(this.history),
      state: { earlyStopping: this.earlyStopping ? this.earlyStopping.state() : null },
    };
  }
}
