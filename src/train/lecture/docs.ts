/**
 * docs/lecture.md, generated from the results.json files of a full run (`mlp lecture run all --out
 * docs/lecture`) by `mlp lecture docs docs/lecture`: for each experiment the command, the figure(s),
 * our numbers (beside the lecture's where it prints any), whether the lecture's claim held, the time
 * it took, and links to the declarations that implement the trick (found in the source, so the line
 * ranges are the current ones). Hand-written notes between `<!-- notes:NAME -->` and
 * `<!-- /notes:NAME -->` in the existing page are kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatRange, locate } from '../explain/source';
import type { Verdict } from './claims';
import type { Recipe } from './recipe';
import { RECIPES } from './recipes';

interface Score {
  loss: number;
  accuracy: number;
}

/** The parts of results.json (output.ts `resultsJson`) the page uses. */
interface SavedRun {
  label: string;
  seconds: number;
  diverged: { epoch: number; step: number } | null;
  final: { train?: Score; valid?: Score; test?: Score };
  stats: { epochs: number; loss: number; accuracy: number; val_loss: number; val_accuracy: number; bestFromEnd: number };
  history: Record<string, (number | null)[]>;
}

interface SavedRecipe {
  recipe: string;
  quick: boolean;
  seed: number;
  seconds: number;
  verdict: Verdict | null;
  runs: SavedRun[];
}

function f(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

function sourceLinks(recipe: Recipe, linkPrefix: string): string {
  const links = recipe.implementedBy.map((p) => {
    const r = locate(p.dir, new RegExp(p.pattern));
    return r ? `[${formatRange(r)}](${linkPrefix}${r.file}#L${r.start}-L${r.end})` : `\`${p.dir}\` (${p.pattern})`;
  });
  return links.join(', ');
}

function reportedTable(recipe: Recipe, run: SavedRun): string[] {
  const r = recipe.reported!;
  const h = run.history;
  return [
    '| | lecture (Keras) | this engine |',
    '|---|---:|---:|',
    `| epochs run | ${r.epochs} | ${run.stats.epochs} |`,
    `| epoch 1: loss / accuracy | ${f(r.epoch1.loss)} / ${f(r.epoch1.accuracy)} | ${f(h.loss?.[0])} / ${f(h.accuracy?.[0])} |`,
    `| epoch 1: val_loss / val_accuracy | ${f(r.epoch1.val_loss)} / ${f(r.epoch1.val_accuracy)} | ${f(h.val_loss?.[0])} / ${f(h.val_accuracy?.[0])} |`,
    `| training: loss / accuracy | ${f(r.train.loss, 5)} / ${f(r.train.accuracy)} | ${f(run.final.train?.loss, 5)} / ${f(run.final.train?.accuracy)} |`,
    `| validation: loss / accuracy | ${f(r.valid.loss, 5)} / ${f(r.valid.accuracy)} | ${f(run.final.valid?.loss, 5)} / ${f(run.final.valid?.accuracy)} |`,
    `| testing: loss / accuracy | ${f(r.test.loss, 5)} / ${f(r.test.accuracy)} | ${f(run.final.test?.loss, 5)} / ${f(run.final.test?.accuracy)} |`,
  ];
}

/** The hand-written notes of each experiment in an earlier version of the page, kept on regeneration. */
function notesOf(previous: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const m of previous.matchAll(/<!-- notes:([\w-]+) -->\n([\s\S]*?)<!-- \/notes:\1 -->/g)) notes.set(m[1], m[2]);
  return notes;
}

function summary(saved: Map<string, SavedRecipe | null>): string[] {
  const lines = ["| experiment | lecture script | the lecture's claim | holds | time |", '|---|---|---|---|---:|'];
  for (const recipe of RECIPES) {
    const r = saved.get(recipe.name);
    const holds = !r?.verdict ? '—' : r.verdict.holds ? 'yes' : '**no**';
    lines.push(
      `| [${recipe.name}](#${recipe.name}) | ${recipe.script} | ${recipe.claim?.text ?? '—'} | ${holds} | ${r ? `${r.seconds.toFixed(0)} s` : 'not run'} |`,
    );
  }
  return [...lines, ''];
}

function section(recipe: Recipe, saved: SavedRecipe | null, dirLink: string, linkPrefix: string): string[] {
  const lines = [
    `## ${recipe.name}: ${recipe.title} (${recipe.script})`,
    '',
    recipe.about,
    '',
    '```sh',
    `mlp lecture run ${recipe.name}`,
    '```',
    '',
  ];
  if (!saved) return [...lines, '_Not run yet: no results.json._', '', `Implemented in ${sourceLinks(recipe, linkPrefix)}.`, ''];
  lines.push(`![${recipe.name}](${dirLink}/${recipe.name}/${recipe.name}.png)`, '');
  if (recipe.digitFigure) lines.push(`![originals and rotated copies](${dirLink}/${recipe.name}/${recipe.name}-digits.png)`, '');
  lines.push(
    '| configuration | epochs | loss | accuracy | val_loss | val_accuracy | test loss | test accuracy | seconds |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of saved.runs) {
    const s = r.stats;
    const diverged = r.diverged ? ` (diverged at epoch ${r.diverged.epoch + 1})` : '';
    lines.push(
      `| ${r.label}${diverged} | ${s.epochs} | ${f(s.loss)} | ${f(s.accuracy)} | ${f(s.val_loss)} | ${f(s.val_accuracy)} | ${f(r.final.test?.loss)} | ${f(r.final.test?.accuracy)} | ${r.seconds.toFixed(1)} |`,
    );
  }
  lines.push('');
  if (saved.verdict) {
    lines.push(`**The lecture's claim:** ${saved.verdict.text}. **${saved.verdict.holds ? 'Holds' : 'Does not hold'}** here:`, '');
    lines.push(...saved.verdict.details.map((d) => `- ${d.replace(/^(yes|NO) +/, (m) => (m.startsWith('yes') ? '✓ ' : '✗ '))}`), '');
  }
  if (recipe.reported && saved.runs[0]) lines.push(...reportedTable(recipe, saved.runs[0]), '');
  lines.push(
    `Time: ${saved.seconds.toFixed(0)} s for the whole experiment (seed ${saved.seed}${saved.quick ? ', quick settings' : ''}). ` +
      `Numbers: [results.md](${dirLink}/${recipe.name}/results.md). Implemented in ${sourceLinks(recipe, linkPrefix)}.`,
    '',
  );
  return lines;
}

export const LECTURE_INTRO = [
  '# The lecture, reproduced',
  '',
  'Every experiment of the lecture "Neural network training tricks II" (Kai-Feng Chen, module L7), run with the',
  "lecture's settings by `mlp lecture run NAME` and written up here from the runs' results.json by",
  "`mlp lecture docs docs/lecture`. The base network is the lecture's: 784-30-10, sigmoid hidden layer, softmax",
  'output, categorical cross-entropy, SGD with lr 1.0, mini-batches of 120, 100 epochs, the first 10 000 MNIST',
  'training images; the validation curves are on training images 50 000–59 999 and the test set is evaluated once,',
  "at the end. (Most of the lecture's scripts pass the test set as `validation_data`; we keep it unseen, as the",
  'lecture itself recommends in its early-stopping slides.) Solid lines are training, dashed lines validation.',
  '',
  'Each experiment also runs in seconds with `--quick` (smaller data, fewer epochs); the test suite runs every one',
  "that way and asserts the lecture's qualitative claim (tests/lecture/recipes.test.ts). Our training metrics are",
  'running means over each epoch, as Keras logs them. Seeds are fixed (1337), so a rerun on the same backend gives',
  'the same numbers, whatever the thread count; another backend (js, wasm, wasm-simd) changes them at float32',
  'rounding level (lr 20, a chaotic run, ends at visibly different accuracies).',
  '',
];

/**
 * The page, with the results of `resultsDir` (one folder per experiment holding results.json).
 * `dirLink` is resultsDir as seen from the page, `linkPrefix` the repository root as seen from it.
 */
export function lectureMarkdown(resultsDir: string, intro: string[], dirLink: string, linkPrefix = '../', previous = ''): string {
  const saved = new Map<string, SavedRecipe | null>();
  for (const recipe of RECIPES) {
    const file = path.join(resultsDir, recipe.name, 'results.json');
    saved.set(recipe.name, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SavedRecipe) : null);
  }
  const notes = notesOf(previous);
  const lines = [...intro, ...summary(saved)];
  for (const recipe of RECIPES) {
    lines.push(...section(recipe, saved.get(recipe.name)!, dirLink, linkPrefix));
    lines.push(`<!-- notes:${recipe.name} -->`, `${notes.get(recipe.name) ?? ''}<!-- /notes:${recipe.name} -->`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
