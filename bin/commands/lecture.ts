/**
 * `mlp lecture list` and `mlp lecture run NAME|all [--quick] [--out DIR]`: the lecture's experiments
 * (src/train/lecture/recipes.ts), each run through the experiment runner, its figure(s) and
 * results.md written into the output folder.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { RECIPES } from '../../src/train/lecture/recipes';
import { getRecipe, runRecipe } from '../../src/train/lecture/run';
import { LECTURE_INTRO, lectureMarkdown } from '../../src/train/lecture/docs';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseInteger } from '../options';
import { addEngineFlags } from '../train-flags';

interface RunFlags {
  quick?: boolean;
  out?: string;
  seed?: number;
  threads?: number;
  backend?: string;
}

function listText(): string {
  const width = Math.max(...RECIPES.map((r) => r.name.length));
  return RECIPES.map((r) => `  ${r.name.padEnd(width)}  ${r.script.padEnd(20)} ${r.title}`).join('\n');
}

export function register(program: Command): void {
  const lecture = program.command('lecture').description("reproduce the lecture's experiments: figures and a results table per experiment");
  lecture
    .command('list')
    .description('list the experiments')
    .action(() => {
      process.stdout.write(`${listText()}\n`);
    });
  lecture
    .command('docs')
    .argument('<dir>', "a folder written by 'mlp lecture run all --out DIR'")
    .description("write the lecture page (docs/lecture.md) from the experiments' results.json")
    .option('--page <file>', 'the Markdown file to write', 'docs/lecture.md')
    .option('--note <text>', 'a line about the machine and settings the numbers come from')
    .action((dir: string, flags: { page: string; note?: string }) => {
      const page = path.resolve(flags.page);
      const dirLink = path.relative(path.dirname(page), path.resolve(dir)) || '.';
      const root = path.relative(path.dirname(page), process.cwd());
      const intro = flags.note ? [...LECTURE_INTRO, flags.note, ''] : LECTURE_INTRO;
      const temp = `${page}.tmp-${process.pid}`;
      const previous = existsSync(page) ? readFileSync(page, 'utf8') : '';
      writeFileSync(temp, lectureMarkdown(dir, intro, dirLink, root ? `${root}/` : '', previous));
      renameSync(temp, page);
      process.stdout.write(`wrote ${flags.page}\n`);
    });
  const run = lecture
    .command('run')
    .argument('<name>', "an experiment from 'mlp lecture list', or 'all'")
    .description("run one experiment with the lecture's settings (or --quick ones) and write its figure(s) and results.md")
    .option('--quick', 'smaller data and fewer epochs (seconds instead of minutes; the tests use these)')
    .option('--out <dir>', 'output folder (default: runs/lecture/NAME)')
    .option('--seed <n>', 'seed of every run (default 1337)', parseInteger);
  addEngineFlags(run)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  mlp lecture list',
        '  mlp lecture run early-stopping',
        '  mlp lecture run learning-rate --quick --out /tmp/lr',
        '  mlp lecture run all --out docs/lecture',
      ].join('\n'),
    )
    .action(async (name: string, flags: RunFlags) => {
      const recipes = name === 'all' ? RECIPES : [getRecipe(name)];
      for (const recipe of recipes) {
        const out =
          name === 'all' ? path.join(flags.out ?? 'runs/lecture', recipe.name) : (flags.out ?? path.join('runs/lecture', recipe.name));
        const report = await runRecipe(recipe, {
          quick: flags.quick,
          out,
          seed: flags.seed,
          threads: flags.threads,
          backend: flags.backend,
          log: (line) => process.stdout.write(`${line}\n`),
        });
        if (report.verdict) {
          process.stdout.write(`${recipe.name}: ${report.verdict.text}: ${report.verdict.holds ? 'holds' : 'does NOT hold'}\n`);
          for (const d of report.verdict.details) process.stdout.write(`  ${d}\n`);
        }
        process.stdout.write(`${recipe.name}: ${report.seconds.toFixed(1)} s; wrote ${report.files.join(', ')}\n`);
      }
    });
}
