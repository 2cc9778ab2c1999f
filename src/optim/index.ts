/**
 * The optimizer registry: names (as in `compile({optimizer: 'adam'})` and `--optimizer adam`) to
 * classes, ordered by increasing complexity, and `getOptimizer`, which turns a name, an instance
 * or a saved `{className, config}` into an optimizer.
 */
import { MlpError } from '../tensor/errors';
import { Optimizer } from './optimizer';
import { SGD } from './sgd';
import { Adagrad } from './adagrad';
import { Adadelta } from './adadelta';
import { RMSprop } from './rmsprop';
import { Adam } from './adam';
import { Adamax } from './adamax';
import { Nadam } from './nadam';
import { AdamW } from './adamw';

type OptimizerClass = new (options?: Record<string, unknown>) => Optimizer;

const registry: Record<string, OptimizerClass> = {
  sgd: SGD,
  adagrad: Adagrad,
  adadelta: Adadelta,
  rmsprop: RMSprop,
  adam: Adam,
  adamax: Adamax,
  nadam: Nadam,
  adamw: AdamW,
} as Record<string, OptimizerClass>;

/** Registry keys: sgd, adagrad, adadelta, rmsprop, adam, adamax, nadam, adamw. */
export const optimizerNames: string[] = Object.keys(registry);

/** 'Adam', 'adam' and 'ADAM' all name Adam (Keras accepts the class name and the snake name). */
function lookup(name: string): OptimizerClass {
  const cls = registry[name.toLowerCase()];
  if (cls === undefined) {
    throw new MlpError('BAD_ARGUMENT', `unknown optimizer '${name}'; valid names: ${optimizerNames.join(', ')}`);
  }
  return cls;
}

/**
 * A name gives the optimizer with its Keras 3 defaults (Adadelta: lr 1.0); an instance is returned
 * as is; `{className, config}` (from `getConfig()`, a saved model) is rebuilt, schedule included.
 */
export function getOptimizer(spec: string | Optimizer | { className: string; config?: Record<string, unknown> }): Optimizer {
  if (spec instanceof Optimizer) return spec;
  if (typeof spec === 'string') return new (lookup(spec))();
  if (typeof spec === 'object' && spec !== null && typeof spec.className === 'string') {
    return new (lookup(spec.className))({ ...(spec.config ?? {}) });
  }
  throw new MlpError('BAD_ARGUMENT', `optimizer must be a name (${optimizerNames.join(', ')}), an Optimizer or {className, config}`);
}

export { Optimizer, SGD, Adagrad, Adadelta, RMSprop, Adam, Adamax, Nadam, AdamW };
export { InverseTimeDecay, ExponentialDecay, PiecewiseConstantDecay, CosineDecay, getSchedule, scheduleNames } from './schedules';
export { PlateauReducer } from './plateau';
export type { OptimizerState, OptimizerOptions, LearningRateSchedule, WeightDecayMode } from './optimizer';
export type { Convention } from './options';
export type { SGDOptions } from './sgd';
export type { AdagradOptions } from './adagrad';
export type { AdadeltaOptions } from './adadelta';
export type { RMSpropOptions } from './rmsprop';
export type { AdamOptions } from './adam';
export type { AdamaxOptions } from './adamax';
export type { NadamOptions } from './nadam';
export type { DecayOptions, PiecewiseConstantOptions, CosineDecayOptions, SavedSchedule } from './schedules';
export type { PlateauOptions, PlateauState, PlateauMode } from './plateau';
