/**
 * `mlp explain NAME`: the update rule, derivative or penalty of a named piece of the engine, its
 * defaults and the file that implements it, as terminal text or as Markdown for the docs. Both are
 * rendered from the same Topic (topics.ts), so the docs and the command cannot disagree.
 */
import { MlpError } from '../../tensor/errors';
import { allTopics, findTopics, type Topic, type TopicKind } from './topics';
import { formatRange } from './source';

function formatValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function defaultsLine(topic: Topic): string {
  const entries = Object.entries(topic.defaults());
  const defaults = entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}=${formatValue(v)}`).join('  ');
  return topic.required.length === 0 ? defaults : `${defaults}  (required: ${topic.required.join(', ')})`;
}

const PLURAL: Record<TopicKind, string> = {
  optimizer: 'optimizers',
  activation: 'activations',
  regularizer: 'regularizers',
  loss: 'losses',
  layer: 'layers',
  training: 'training',
};

function location(topic: Topic): string {
  const r = topic.where();
  return r ? formatRange(r) : topic.file;
}

/** One topic as terminal text. */
export function formatTopic(topic: Topic): string {
  return [
    `${topic.name} (${topic.kind}) — implemented in ${location(topic)}`,
    '',
    ...topic.formula().map((l) => (l === '' ? '' : `  ${l}`)),
    '',
    `defaults: ${defaultsLine(topic)}`,
  ].join('\n');
}

/** The valid names, grouped by kind, for the listing and for error messages. */
export function topicIndex(): Record<TopicKind, string[]> {
  const index = { optimizer: [], activation: [], regularizer: [], loss: [], layer: [], training: [] } as Record<TopicKind, string[]>;
  for (const t of allTopics()) index[t.kind].push(t.name);
  return index;
}

export function formatIndex(): string {
  const lines = Object.entries(topicIndex())
    .filter(([, names]) => names.length > 0)
    .map(([kind, names]) => `  ${PLURAL[kind as TopicKind].padEnd(14)}${names.join(', ')}`);
  return ['mlp explain NAME — one of:', ...lines].join('\n');
}

/** The text `mlp explain NAME` prints; an unknown name throws an MlpError listing the valid ones. */
export function explain(name: string): string {
  const topics = findTopics(name);
  if (topics.length === 0) {
    const valid = Object.values(topicIndex()).flat().join(', ');
    throw new MlpError('BAD_ARGUMENT', `explain: unknown name '${name}'; valid names: ${valid}`);
  }
  return topics.map(formatTopic).join('\n\n');
}

/**
 * One topic as Markdown: a heading, the formula as a code block, the defaults and a link to the
 * implementing lines. `linkPrefix` is the path from the Markdown file to the repository root.
 */
export function topicMarkdown(topic: Topic, linkPrefix = '../'): string {
  const r = topic.where();
  const link = r ? `[${formatRange(r)}](${linkPrefix}${r.file}#L${r.start}-L${r.end})` : `\`${topic.file}\``;
  return [
    `#### \`${topic.name}\` (${topic.kind})`,
    '',
    '```text',
    ...topic.formula(),
    '```',
    '',
    `Defaults: ${defaultsLine(topic).replace(/ {2}/g, ', ')}. Implemented in ${link}.`,
  ].join('\n');
}
