/**
 * Checks a resolved TrainConfig before anything is loaded or trained, so a bad value costs nothing:
 * ranges (dropout in [0, 1), lr ≥ 0, sizes), names (activation, loss, optimizer, schedule, monitor),
 * files that must exist, and combinations that cannot work (monitoring val_loss without validation
 * data, a regularisation strength without a regulariser, λ and a Keras strength together, …).
 * Every message names the config key and its CLI flag and says what would be valid. The checks
 * that need the data (the first layer size, split sizes) happen when the data is loaded.
 */
import * as fs from 'fs';
import { getInitializer } from '../../layers';
import { getActivation } from '../../layers/activations';
import { MlpError } from '../../tensor/errors';
import { getLoss } from '../losses';
import type { TrainConfig } from './config';
import { isCsv } from './data';
import { REG_KINDS, canonicalActivation } from './model';
import { buildOptimizer } from './optimizer';

/** `hiddenDropout (--hidden-dropout)`: how a key is named in messages, for library and CLI users alike. */
export function describeKey(key: string): string {
  return `${key} (--${key.replace(/([A-Z])/g, '-$1').toLowerCase()})`;
}

function fail(message: string, code: 'BAD_ARGUMENT' | 'BAD_CONFIG' | 'NOT_FOUND' = 'BAD_ARGUMENT'): never {
  throw new MlpError(code, message);
}

function integer(config: TrainConfig, key: keyof TrainConfig, min: number, max = Number.MAX_SAFE_INTEGER): void {
  const v = config[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(`${describeKey(key)} must be an integer in ${min}..${max === Number.MAX_SAFE_INTEGER ? '∞' : max}, got ${JSON.stringify(v)}`);
  }
}

function fraction(config: TrainConfig, key: keyof TrainConfig, what: string): void {
  const v = config[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1)
    fail(`${describeKey(key)} must be ${what} in [0, 1), got ${JSON.stringify(v)}`);
}

function oneOf(config: TrainConfig, key: keyof TrainConfig, choices: readonly string[]): void {
  const v = config[key];
  if (typeof v !== 'string' || !choices.includes(v))
    fail(`${describeKey(key)} must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`);
}

function sizes(config: TrainConfig, key: 'hidden' | 'arch', minLength: number): void {
  const v = config[key];
  if (!Array.isArray(v) || v.length < minLength || !v.every((d) => Number.isInteger(d) && d > 0 && d <= 1e6)) {
    fail(
      `${describeKey(key)} must be a list of at least ${minLength} positive layer sizes (e.g. ${key === 'arch' ? '784-30-10' : '256,256'}), got ${JSON.stringify(v)}`,
    );
  }
}

function fileExists(path: string, key: keyof TrainConfig): void {
  if (!fs.existsSync(path))
    fail(`${describeKey(key)}: ${path} does not exist (use 'mnist', a folder of IDX files, a .csv or an .npz)`, 'NOT_FOUND');
}

const MONITORS = ['val_loss', 'val_accuracy', 'loss', 'accuracy'];

function checkData(config: TrainConfig): void {
  if (typeof config.data !== 'string' || config.data === '') fail(`${describeKey('data')} must be 'mnist' or a path`);
  if (config.data !== 'mnist') fileExists(config.data, 'data');
  if (config.testData !== null) {
    if (!isCsv(config.data)) fail(`${describeKey('testData')} is for CSV data only; ${config.data} has its own test set`, 'BAD_CONFIG');
    fileExists(config.testData, 'testData');
  }
  if (config.trainSize !== null) integer(config, 'trainSize', 1);
  integer(config, 'validSize', 0);
  fraction(config, 'validationSplit', 'a fraction');
  if (config.testSize !== null) integer(config, 'testSize', 1);
  if (config.validSize > 0 && config.validationSplit > 0) {
    fail(
      `give either ${describeKey('validSize')} (the last examples of the training set) or ${describeKey('validationSplit')} (a random fraction), not both`,
      'BAD_CONFIG',
    );
  }
  const a = config.augment;
  if (a?.kind === 'rotate') {
    const ok =
      Number.isFinite(a.minDegrees) &&
      Number.isFinite(a.maxDegrees) &&
      a.minDegrees >= 0 &&
      a.minDegrees <= a.maxDegrees &&
      a.maxDegrees <= 180;
    if (!ok) fail(`rotation range must satisfy 0 ≤ min ≤ max ≤ 180 degrees (--rotate-range 5,25), got ${a.minDegrees},${a.maxDegrees}`);
    if (!Number.isInteger(a.copies) || a.copies < 1 || a.copies > 20)
      fail(`rotated copies (--rotate-copies) must be an integer in 1..20, got ${a.copies}`);
  }
}

function checkModel(config: TrainConfig): void {
  sizes(config, 'hidden', 0);
  if (config.arch !== null) sizes(config, 'arch', 2);
  canonicalActivation(config.activation);
  const kinked = ['leaky-relu', 'prelu'].includes(canonicalActivation(config.activation));
  if (config.alpha !== null) {
    if (!Number.isFinite(config.alpha)) fail(`${describeKey('alpha')} must be a finite number, got ${config.alpha}`);
    if (!kinked) fail(`${describeKey('alpha')} applies to --activation leaky-relu or prelu, not ${config.activation}`, 'BAD_CONFIG');
  }
  getActivation(config.outputActivation);
  getLoss(config.loss);
  getInitializer(config.init);
  fraction(config, 'inputDropout', 'a dropout rate');
  fraction(config, 'hiddenDropout', 'a dropout rate');
  oneOf(config, 'reg', REG_KINDS);
  oneOf(config, 'regLayers', ['output', 'all']);
  for (const key of ['regStrength', 'lambda'] as const) {
    const v = config[key];
    if (v === null) continue;
    if (!Number.isFinite(v) || v < 0) fail(`${describeKey(key)} must be a number ≥ 0, got ${v}`);
    if (config.reg === 'none') fail(`${describeKey(key)} needs a regulariser: add --reg l1, l2 or l1l2`, 'BAD_CONFIG');
  }
  if (config.regStrength !== null && config.lambda !== null) {
    fail(
      `give either ${describeKey('regStrength')} (Keras coefficient) or ${describeKey('lambda')} (the lecture's λ/n form), not both`,
      'BAD_CONFIG',
    );
  }
}

function checkTraining(config: TrainConfig): void {
  integer(config, 'epochs', 1, 1e6);
  integer(config, 'batchSize', 1, 1e7);
  integer(config, 'seed', 0, 0xffffffff);
  oneOf(config, 'onNaN', ['stop', 'continue']);
  if (config.threads !== null) integer(config, 'threads', 1, 256);
  if (config.backend !== null && typeof config.backend !== 'string')
    fail(`${describeKey('backend')} must be a backend name (js, wasm, wasm-simd)`);
  if (config.out !== null && (typeof config.out !== 'string' || config.out === '')) fail(`${describeKey('out')} must be a folder path`);
  const es = config.earlyStopping;
  if (es) {
    if (!MONITORS.includes(es.monitor))
      fail(`early stopping monitor (--monitor) must be one of ${MONITORS.join(', ')}, got ${JSON.stringify(es.monitor)}`);
    if (!Number.isInteger(es.patience) || es.patience < 0)
      fail(`early stopping patience (--patience) must be an integer ≥ 0, got ${es.patience}`);
    if (!Number.isFinite(es.minDelta) || es.minDelta < 0)
      fail(`early stopping min delta (--min-delta) must be a number ≥ 0, got ${es.minDelta}`);
    if (es.monitor.startsWith('val_') && config.validSize === 0 && config.validationSplit === 0) {
      fail(
        `early stopping monitors ${es.monitor} but there is no validation data: use --valid-size N or --validation-split F, or --monitor loss`,
        'BAD_CONFIG',
      );
    }
  }
  buildOptimizer(config); // names, option names and ranges (negative lr, beta ≥ 1, …), schedule
}

/** Throws MlpError (BAD_ARGUMENT, BAD_CONFIG or NOT_FOUND) for the first problem found. */
export function validateConfig(config: TrainConfig): void {
  checkData(config);
  checkModel(config);
  checkTraining(config);
}
