/**
 * LambdaCallback (Keras 3 `keras/src/callbacks/lambda_callback.py`): a callback made of plain
 * functions, e.g. `new LambdaCallback({onEpochEnd: (epoch, logs) => points.push(logs.loss)})`.
 * Only the hooks given are installed, so a LambdaCallback without batch hooks costs nothing per batch.
 */
import { MlpError } from '../../tensor/errors';
import { Callback, type Logs } from './callback';

type Result = void | Promise<void>;

export interface LambdaHooks {
  onTrainBegin?: (logs: Logs) => Result;
  onEpochBegin?: (epoch: number, logs: Logs) => Result;
  onBatchBegin?: (batch: number, logs: Logs) => Result;
  onBatchEnd?: (batch: number, logs: Logs) => Result;
  onEpochEnd?: (epoch: number, logs: Logs) => Result;
  onTrainEnd?: (logs: Logs) => Result;
}

const HOOKS: readonly (keyof LambdaHooks)[] = ['onTrainBegin', 'onEpochBegin', 'onBatchBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'];

export class LambdaCallback extends Callback {
  constructor(hooks: LambdaHooks) {
    super();
    for (const key of Object.keys(hooks ?? {})) {
      const hook = (hooks as Record<string, unknown>)[key];
      if (!(HOOKS as readonly string[]).includes(key) || (hook !== undefined && typeof hook !== 'function')) {
        throw new MlpError('BAD_ARGUMENT', `LambdaCallback: '${key}' must be one of ${HOOKS.join(', ')}, given as a function`);
      }
      if (hook !== undefined) Object.defineProperty(this, key, { value: hook, writable: true });
    }
  }
}
