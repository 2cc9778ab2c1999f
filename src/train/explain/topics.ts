/**
 * What `mlp explain NAME` can explain, built from the engine's own registries (optimizerNames,
 * activationNames, layerClassNames, lossNames, the regularizer factories), never from a list kept
 * here. For each topic:
 *   formula   the header comment of the implementing file (source.ts reads it), or for an
 *             activation its `formula` / `derivative` strings from src/layers/activations.ts;
 *   defaults  read from a freshly constructed object (getConfig() / toJSON()), so they are the
 *             values the code really uses;
 *   where     the file and line range of the declaration that implements it.
 * The docs (docs/how-it-works.md, docs/reference.md) are generated from the same topics.
 */
import { activationNames, getActivation, l1, l1l2, l2, layerClassNames, layerFromConfig } from '../../layers';
import { getOptimizer, optimizerNames } from '../../optim';
import { lossNames, getLoss } from '../losses';
import { docCommentAbove, findDeclaration, headerComment, locate, sourceLines, type SourceRange } from './source';

export type TopicKind = 'optimizer' | 'activation' | 'regularizer' | 'loss' | 'layer' | 'training';

export interface Topic {
  kind: TopicKind;
  /** Canonical name, as the registry spells it. */
  name: string;
  /** Other spellings accepted by `mlp explain` (compared case- and separator-insensitively). */
  aliases: string[];
  /** Lines of the rule: the header comment of `file` (or the activation's strings). */
  formula(): string[];
  /** Default options, read from the code. */
  defaults(): Record<string, unknown>;
  /** Arguments without a default (a layer's `units`, `rate` …). */
  required: string[];
  /** The implementing declaration (file, line range); null when the source is not installed. */
  where(): SourceRange | null;
  /** The file whose header is quoted. */
  file: string;
}

const NO_SOURCE = ['(source not installed: this build ships neither src/ nor a header comment in dist/)'];

function header(file: string): string[] {
  return headerComment(file) ?? NO_SOURCE;
}

/** The file header, then the declaration's own doc comment when it has one (LeakyReLU in activation.ts). */
function headerAndDoc(file: string, where: () => SourceRange | null): string[] {
  const range = where();
  const own = range ? docCommentAbove(range) : null;
  return own ? [...header(file), '', ...own] : header(file);
}

/** Keeps only JSON-able option values (drops functions, keeps schedules' configs). */
function plain(config: Record<string, unknown>, drop: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (!drop.includes(k) && typeof v !== 'function') out[k] = v;
  return out;
}

function optimizerTopics(): Topic[] {
  return optimizerNames.map((name) => {
    const className = getOptimizer(name).className;
    const pattern = new RegExp(`^export class ${className}\\b`);
    const where = (): SourceRange | null => locate('src/optim', pattern);
    const file = where()?.file ?? `src/optim/${name}.ts`;
    return {
      kind: 'optimizer' as const,
      name,
      aliases: [className],
      file,
      formula: () => headerAndDoc(file, where),
      required: [],
      defaults: () => plain(getOptimizer(name).getConfig()),
      where,
    };
  });
}

const ACTIVATIONS_FILE = 'src/layers/activations.ts';

/** The `const x: ActivationFn = { name: '<name>', … };` block of an activation. */
function activationRange(name: string): SourceRange | null {
  const lines = sourceLines(ACTIVATIONS_FILE);
  if (!lines) return null;
  const nameLine = lines.findIndex((l) => l.includes(`name: '${name}'`));
  if (nameLine < 0) return null;
  let start = nameLine;
  while (start > 0 && !/^const /.test(lines[start])) start--;
  const first = lines[start].match(/^const (\w+)/);
  return first ? findDeclaration(ACTIVATIONS_FILE, new RegExp(`^const ${first[1]}\\b`)) : null;
}

function activationTopics(): Topic[] {
  return activationNames.map((name) => {
    const fn = getActivation(name);
    return {
      kind: 'activation' as const,
      name,
      aliases: [],
      file: ACTIVATIONS_FILE,
      formula: () => [fn.formula, fn.derivative],
      required: [],
      // The slope α of leaky_relu is the LeakyReLU layer's default (Keras 0.3).
      defaults: () => (name === 'leaky_relu' ? { alpha: layerFromConfig('LeakyReLU', {}).getConfig().alpha } : {}),
      where: () => activationRange(name),
    };
  });
}

const REGULARIZERS_FILE = 'src/layers/regularizers.ts';

function regularizerTopics(): Topic[] {
  const factories = { l1, l2, l1l2 } as const;
  return (Object.keys(factories) as (keyof typeof factories)[]).map((name) => ({
    kind: 'regularizer' as const,
    name,
    aliases: [name.toUpperCase(), name === 'l1l2' ? 'l1_l2' : name],
    file: REGULARIZERS_FILE,
    formula: () => header(REGULARIZERS_FILE),
    required: [],
    defaults: () => factories[name]().toJSON().config,
    where: () => findDeclaration(REGULARIZERS_FILE, new RegExp(`^export function ${name}\\(`)),
  }));
}

const LOSSES_FILE = 'src/train/losses.ts';

function lossTopics(): Topic[] {
  return lossNames.map((alias) => {
    const name = getLoss(alias).name;
    return {
      kind: 'loss' as const,
      name,
      aliases: alias === name ? [] : [alias],
      file: LOSSES_FILE,
      formula: () => header(LOSSES_FILE),
      required: [],
      defaults: () => ({}),
      where: (): SourceRange | null => {
        const lines = sourceLines(LOSSES_FILE);
        const at = lines?.findIndex((l) => l.includes(`name: '${name}'`)) ?? -1;
        if (!lines || at < 1) return null;
        const decl = lines[at - 1].match(/^const (\w+)/);
        return decl ? findDeclaration(LOSSES_FILE, new RegExp(`^const ${decl[1]}\\b`)) : null;
      },
    };
  });
}

/** Placeholder values for a layer's required arguments, so that its defaults can be read. */
const REQUIRED: Record<string, Record<string, unknown>> = {
  Dense: { units: 1 },
  Dropout: { rate: 0.5 },
  Reshape: { targetShape: [1] },
  Activation: { activation: 'linear' },
};

function layerTopics(): Topic[] {
  return layerClassNames.map((name) => {
    const pattern = new RegExp(`^export class ${name}\\b`);
    const where = (): SourceRange | null => locate('src/layers', pattern);
    const file = where()?.file ?? 'src/layers/index.ts';
    return {
      kind: 'layer' as const,
      name,
      aliases: [],
      file,
      formula: () => headerAndDoc(file, where),
      required: Object.keys(REQUIRED[name] ?? {}),
      defaults: () => {
        const required = REQUIRED[name] ?? {};
        const config = layerFromConfig(name, required).getConfig();
        return plain(config, ['name', ...Object.keys(required)]);
      },
      where,
    };
  });
}

/** The training step itself, and the lecture's tricks that live outside layers and optimizers. */
function trainingTopics(): Topic[] {
  const entries: { name: string; aliases: string[]; dir: string; pattern: RegExp }[] = [
    { name: 'backprop', aliases: ['Sequential', 'trainStep'], dir: 'src/train', pattern: /^export class Sequential\b/ },
    { name: 'early-stopping', aliases: ['EarlyStopping'], dir: 'src/train/callbacks', pattern: /^export class EarlyStopping\b/ },
    { name: 'rotate', aliases: ['expandByRotation', 'augment'], dir: 'src/train/data', pattern: /^export function rotate\b/ },
  ];
  const topics: Topic[] = [];
  for (const e of entries) {
    const range = locate(e.dir, e.pattern);
    if (!range) continue; // not written yet, or not installed
    topics.push({
      kind: 'training',
      name: e.name,
      aliases: e.aliases,
      file: range.file,
      formula: () => header(range.file),
      required: [],
      defaults: () => ({}),
      where: () => locate(e.dir, e.pattern),
    });
  }
  return topics;
}

let all: Topic[] | null = null;

/** Every topic, in the order optimizer, activation, regularizer, loss, layer, training. */
export function allTopics(): Topic[] {
  all ??= [...optimizerTopics(), ...activationTopics(), ...regularizerTopics(), ...lossTopics(), ...layerTopics(), ...trainingTopics()];
  return all;
}

/** 'Leaky-ReLU', 'leaky_relu', 'leakyRelu' → 'leakyrelu'. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** Every topic whose name or alias matches (one name can be an activation and a layer). */
export function findTopics(name: string): Topic[] {
  const key = normalizeName(name);
  return allTopics().filter((t) => [t.name, ...t.aliases].some((n) => normalizeName(n) === key));
}
