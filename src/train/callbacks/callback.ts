/**
 * Callbacks: code that `fit` calls at fixed moments of training (Keras 3 `keras/src/callbacks/
 * callback.py` and `callback_list.py`).
 *
 *   onTrainBegin(logs)
 *     for each epoch:  onEpochBegin(epoch, logs)
 *       for each batch:  onBatchBegin(batch, logs)  trainStep  onBatchEnd(batch, logs)
 *     onEpochEnd(epoch, logs)                      logs = the epoch's metrics, val_* included
 *   onTrainEnd(logs)                               logs = the last epoch's logs
 *
 * `logs` hold numbers (Keras keys: loss, accuracy, val_loss, val_accuracy, …), never strings, so a
 * callback can plot or compare them. Epoch and batch indices are 0-based, as in Keras. Any hook may
 * be async (fit awaits it). Any callback stops training by setting `this.model.stopTraining = true`;
 * fit ends after the current batch (and still runs that epoch's end, as Keras 3 does).
 */
import { MlpError } from '../../tensor/errors';
import type { Sequential } from '../sequential';

export type Logs = Record<string, number>;

/** What fit tells every callback before training (Keras `callback.params`). */
export interface CallbackParams {
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch, ⌈samples / batchSize⌉. */
  steps: number;
  batchSize: number;
  samples: number;
  validationSamples: number;
  verbose: 0 | 1 | 2;
}

/** Where progress and callback messages go: process.stdout, or an injected stream (tests). */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * One writer shared by the progress bar and every callback, so that a message printed while a
 * progress line is being redrawn in place starts on a fresh line.
 */
export class Output {
  private lineOpen = false;

  constructor(readonly stream: OutputStream = process.stdout) {}

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** Rewrites the current terminal line (carriage return, no newline). */
  redraw(text: string): void {
    this.stream.write(`\r${text}`);
    this.lineOpen = true;
  }

  /** Ends the line being redrawn, if any. */
  endLine(): void {
    if (this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
  }

  /** Writes one full line. */
  print(line: string): void {
    this.endLine();
    this.stream.write(`${line}\n`);
  }
}

type Hook<A extends unknown[]> = (...args: A) => void | Promise<void>;

export class Callback {
  /** The model being trained; set by fit before onTrainBegin. */
  model!: Sequential;
  params!: CallbackParams;
  output: Output = new Output();

  setModel(model: Sequential): void {
    this.model = model;
  }

  setParams(params: CallbackParams): void {
    this.params = params;
  }

  onTrainBegin(_logs: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs: Logs): void | Promise<void> {}
  onTrainEnd(_logs: Logs): void | Promise<void> {}

  /** Prints a message line (Keras `io_utils.print_msg`). */
  protected print(line: string): void {
    this.output.print(line);
  }
}

const base = Callback.prototype;

/** Runs a hook on each callback in order; awaits only the hooks that return a promise. */
async function runAll<A extends unknown[]>(hooks: Hook<A>[], args: A): Promise<void> {
  for (const hook of hooks) {
    const pending = hook(...args);
    if (pending) await pending;
  }
}

/**
 * The callbacks of one fit, in order. Batch hooks are collected only from callbacks that override
 * them, so a fit without batch callbacks pays nothing per batch (and builds no batch logs).
 */
export class CallbackList {
  readonly callbacks: Callback[];
  private readonly batchBegin: Hook<[number, Logs]>[];
  private readonly batchEnd: Hook<[number, Logs]>[];

  constructor(callbacks: Callback[]) {
    callbacks.forEach((cb, i) => {
      if (!(cb instanceof Callback)) {
        throw new MlpError('BAD_ARGUMENT', `fit: callbacks[${i}] is not a Callback (extend Callback, or use new LambdaCallback({...}))`);
      }
    });
    this.callbacks = callbacks;
    this.batchBegin = callbacks.filter((cb) => cb.onBatchBegin !== base.onBatchBegin).map((cb) => cb.onBatchBegin.bind(cb));
    this.batchEnd = callbacks.filter((cb) => cb.onBatchEnd !== base.onBatchEnd).map((cb) => cb.onBatchEnd.bind(cb));
  }

  get wantsBatchLogs(): boolean {
    return this.batchBegin.length + this.batchEnd.length > 0;
  }

  setContext(model: Sequential, params: CallbackParams, output: Output): void {
    for (const cb of this.callbacks) {
      cb.setModel(model);
      cb.setParams(params);
      cb.output = output;
    }
  }

  onTrainBegin(logs: Logs): Promise<void> {
    return runAll(
      this.callbacks.map((cb) => cb.onTrainBegin.bind(cb)),
      [logs],
    );
  }

  onEpochBegin(epoch: number, logs: Logs): Promise<void> {
    return runAll(
      this.callbacks.map((cb) => cb.onEpochBegin.bind(cb)),
      [epoch, logs],
    );
  }

  onBatchBegin(batch: number, logs: Logs): Promise<void> {
    return runAll(this.batchBegin, [batch, logs]);
  }

  onBatchEnd(batch: number, logs: Logs): Promise<void> {
    return runAll(this.batchEnd, [batch, logs]);
  }

  onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    return runAll(
      this.callbacks.map((cb) => cb.onEpochEnd.bind(cb)),
      [epoch, logs],
    );
  }

  onTrainEnd(logs: Logs): Promise<void> {
    return runAll(
      this.callbacks.map((cb) => cb.onTrainEnd.bind(cb)),
      [logs],
    );
  }
}
