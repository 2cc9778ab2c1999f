/**
 * The optimizer of a TrainConfig: the registry's class with the config's options, and a learning-
 * rate schedule when one is given.
 *
 * One departure from the library defaults, for the lecture: SGD without a learning rate gets 1.0
 * (ex_ml7_*: `SGD(lr=1.0)`), not Keras's 0.01. Every other optimizer keeps its Keras 3 default
 * (RMSprop() and Adam() at 0.001, Adadelta at 1.0), as the lecture's ex_ml7_3c calls them.
 */
import { getOptimizer, getSchedule, optimizerNames, scheduleNames, type Optimizer } from '../../optim';
import { MlpError } from '../../tensor/errors';
import { LECTURE_SGD_LR, type ScheduleConfig, type TrainConfig } from './config';

/** Short names for the schedules (CLI `--schedule exponential:decaySteps=840,decayRate=0.9`). */
const SCHEDULE_ALIASES: Record<string, string> = {
  exponential: 'ExponentialDecay',
  'inverse-time': 'InverseTimeDecay',
  inversetime: 'InverseTimeDecay',
  piecewise: 'PiecewiseConstantDecay',
  'piecewise-constant': 'PiecewiseConstantDecay',
  cosine: 'CosineDecay',
};

export const scheduleChoices = [...Object.keys(SCHEDULE_ALIASES), ...scheduleNames];

function scheduleClassName(name: string): string {
  const className = SCHEDULE_ALIASES[name] ?? name;
  if (!scheduleNames.includes(className)) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `unknown learning-rate schedule '${name}' (--schedule): valid schedules are ${['exponential', 'inverse-time', 'piecewise', 'cosine'].join(', ')}`,
    );
  }
  return className;
}

function parseValue(text: string, where: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.includes(';')) return text.split(';').map((t) => parseValue(t, where));
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x))
    throw new MlpError('BAD_ARGUMENT', `${where}: '${text}' is not a number (lists are written a;b;c)`);
  return x;
}

/**
 * `NAME[:key=value,...]` → ScheduleConfig, e.g. `exponential:decaySteps=840,decayRate=0.9,staircase=true`
 * or `piecewise:boundaries=840;1680,values=1;0.5;0.1`.
 */
export function parseSchedule(spec: string): ScheduleConfig {
  const [name, rest] = spec.split(/:(.*)/s, 2);
  const config: Record<string, unknown> = {};
  for (const pair of (rest ?? '').split(',').filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new MlpError(
        'BAD_ARGUMENT',
        `--schedule ${spec}: '${pair}' should be key=value (e.g. exponential:decaySteps=840,decayRate=0.9)`,
      );
    config[pair.slice(0, eq).trim()] = parseValue(pair.slice(eq + 1).trim(), `--schedule ${spec}`);
  }
  return { className: scheduleClassName(name.trim()), config };
}

/** The optimizer's options with the lecture's SGD learning rate and the schedule applied. */
function optimizerConfig(config: TrainConfig): Record<string, unknown> {
  const options: Record<string, unknown> = { ...config.optimizerOptions };
  if (config.optimizer.toLowerCase() === 'sgd' && options.learningRate === undefined) options.learningRate = LECTURE_SGD_LR;
  if (config.schedule) {
    const { className, config: scheduleOptions } = config.schedule;
    const cls = scheduleClassName(className);
    const resolved = { ...scheduleOptions };
    // Every schedule but PiecewiseConstantDecay starts from the optimizer's learning rate unless told otherwise.
    if (cls !== 'PiecewiseConstantDecay' && resolved.initialLearningRate === undefined) {
      resolved.initialLearningRate = getOptimizer({ className: config.optimizer, config: { ...options } }).learningRate;
    }
    options.learningRate = getSchedule({ className: cls, config: resolved });
  }
  return options;
}

export function buildOptimizer(config: TrainConfig): Optimizer {
  if (!optimizerNames.includes(config.optimizer.toLowerCase())) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `unknown optimizer '${config.optimizer}' (--optimizer): valid optimizers are ${optimizerNames.join(', ')}`,
    );
  }
  return getOptimizer({ className: config.optimizer, config: optimizerConfig(config) });
}
