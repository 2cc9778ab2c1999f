/**
 * The generated parts of the Markdown docs. A docs file marks each generated block
 *
 *   <!-- explain:NAME -->  …  <!-- /explain:NAME -->     topicMarkdown of the topic NAME
 *   <!-- trace:ARGS -->    …  <!-- /trace:ARGS -->       `mlp trace ARGS` output (ARGS: JSON TraceOptions)
 *
 * and `mlp explain --update-docs FILE` rewrites every block from the source files, so the docs
 * quote the same header comments `mlp explain` prints. tests/lecture/docs.test.ts fails when a
 * block no longer matches its source (the line numbers of links excepted: they move with every edit).
 */
import { MlpError } from '../../tensor/errors';
import { topicMarkdown } from './explain';
import { allTopics } from './topics';
import { trace, type TraceOptions } from './trace';
import { formatTrace } from './trace-format';

const BLOCK = /<!-- (explain|trace):(.*?) -->\n[\s\S]*?<!-- \/\1:\2 -->/g;

function explainBlock(name: string): string {
  const topic = allTopics().find((t) => t.name === name);
  if (!topic)
    throw new MlpError(
      'BAD_ARGUMENT',
      `docs: <!-- explain:${name} --> names no topic; valid: ${allTopics()
        .map((t) => t.name)
        .join(', ')}`,
    );
  return topicMarkdown(topic);
}

function traceBlock(args: string): string {
  let opts: TraceOptions;
  try {
    opts = JSON.parse(args) as TraceOptions;
  } catch {
    throw new MlpError('BAD_ARGUMENT', `docs: <!-- trace:${args} --> needs JSON TraceOptions, e.g. {"arch":[2,2,2]}`);
  }
  return ['```text', formatTrace(trace(opts), 6), '```'].join('\n');
}

const RENDER: Record<string, (arg: string) => string> = { explain: explainBlock, trace: traceBlock };

/** The Markdown with every generated block rewritten. */
export function renderDocs(markdown: string): string {
  return markdown.replace(
    BLOCK,
    (_all, kind: string, arg: string) => `<!-- ${kind}:${arg} -->\n${RENDER[kind](arg)}\n<!-- /${kind}:${arg} -->`,
  );
}

/** Every generated block of the Markdown, as [marker, content]. */
export function docBlocks(markdown: string): [string, string][] {
  return [...markdown.matchAll(BLOCK)].map((m) => [`${m[1]}:${m[2]}`, m[0]]);
}

/** A block without the line numbers of its source links, for comparing content. */
export function withoutLineNumbers(block: string): string {
  return block.replace(/#L\d+-L\d+/g, '#L').replace(/\.ts:\d+(-\d+)?/g, '.ts:');
}
