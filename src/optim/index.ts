/**
 * The optimizer registry: names (as in `compile({optimizer: 'adam'})` and `--optimizer adam`) to
 * classes, ordered by increasing complexity, and `getOptimizer`, which turns a name, an instance
 * or a saved `{className, config}` into an optimizer.
 */
import { MlpError } from '../tensor/errors';
import { Optimizer } from './optimizer';
import { SGD } from './sgd';

type OptimizerClass = new (options?: Record<string, unknown>) => Optimizer;

const registry: Record<string, OptimizerClass> = {
  sgd: SGD as OptimizerClass,
};

/** Registry keys, e.g. 'sgd', 'adam'. */
export const optimizerNames: string[] = Object.keys(registry);

/** 'Adam', 'adam' and 'ADAM' all name Adam (Keras accepts the class name and the snake name). */
function lookup(name: string): OptimizerClass {
  const cls = registry[name.toLowerCase()];
  if (cls === undefined) {
    throw new MlpError('BAD_ARGUMENT', `unknown optimizer '${name}'; valid names: ${optimizerNames.join(', ')}`);
  }
  return cls;
}

export function getOptimizer(spec: string | Optimizer | { className: string; config?: Record<string, unknown> }): Optimizer {
  if (spec instanceof Optimizer) return spec;
  if (typeof spec === 'string') return new (lookup(spec))();
  if (typeof spec === 'object' && spec !== null && typeof spec.className === 'string') {
    return new (lookup(spec.className))({ ...(spec.config ?? {}) });
  }
  throw new MlpError('BAD_ARGUMENT', `optimizer must be a name (${optimizerNames.join(', ')}), an Optimizer or {className, config}`);
}

export { Optimizer, SGD };
export type { OptimizerState, OptimizerOptions, LearningRateSchedule, WeightDecayMode } from './optimizer';
export type { SGDOptions, MomentumConvention } from './sgd';
