/**
 * `mlp compare`: several training runs on the same data and seed, run in parallel as child
 * processes (`mlp train … --json --out DIR/<n>-<label>`, `--jobs` at a time), their curves overlaid
 * in one figure (DIR/compare.svg + .png) and a summary table (printed, and DIR/summary.md).
 *
 *   --base "<train flags>" --vary lr=0.2,2,20     one run per value (several --vary: every combination)
 *   --run "<train flags>" [--label NAME] …         explicit runs (added after the varied ones)
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { MlpError } from '../../src/tensor/errors';
import { RUN_FILES, resolveConfig, summaryTable, validateConfig, type Results, type RunSummary } from '../../src/train/experiment';
import { writeFileAtomic } from '../../src/train/io';
import { writePlot } from '../../src/train/plot';
import { splitArgs } from '../argv';
import { EXIT_INTERRUPTED } from '../exit-codes';
import { collect, parseInteger, parseVerbose } from '../options';
import { addTrainFlags, configFromFlags } from '../train-flags';

interface RunSpec {
  label: string;
  args: string[];
  dir: string;
}

interface RunOutcome {
  code: number;
  stderr: string;
}

const MLP = path.resolve(__dirname, '..', '..', '..', 'bin', 'mlp.js');
/** compare sets these on each child; a run's flags may not. */
const RESERVED = ['--out', '--resume', '--json', '--verbose', '--config'];

/** `lr=0.2,2,20` → [['--lr', '0.2'], …]; values with commas are separated by | instead (`hidden=30|100,100`). */
function varyFlags(spec: string): { label: string; args: string[] }[] {
  const eq = spec.indexOf('=');
  if (eq <= 0)
    throw new MlpError('BAD_ARGUMENT', `--vary ${spec}: write KEY=v1,v2,… with KEY a train flag without its dashes, e.g. lr=0.2,2,20`);
  const key = spec.slice(0, eq).replace(/^--/, '');
  const rest = spec.slice(eq + 1);
  const values = rest.split(rest.includes('|') ? '|' : ',').filter((v) => v !== '');
  if (values.length === 0) throw new MlpError('BAD_ARGUMENT', `--vary ${spec}: no values after '='`);
  return values.map((v) => ({ label: `${key}=${v}`, args: v === 'true' ? [`--${key}`] : v === 'false' ? [] : [`--${key}`, v] }));
}

function product(lists: { label: string; args: string[] }[][]): { label: string; args: string[] }[] {
  return lists.reduce<{ label: string; args: string[] }[]>(
    (acc, list) =>
      acc.flatMap((a) => list.map((b) => ({ label: a.label ? `${a.label} ${b.label}` : b.label, args: [...a.args, ...b.args] }))),
    [{ label: '', args: [] }],
  );
}

/** Parses one run's train flags as `mlp train` would and checks its config, so a typo fails before anything runs. */
function checkRun(label: string, args: string[]): void {
  const reserved = args.find((a) => RESERVED.includes(a.split('=')[0]));
  if (reserved) throw new MlpError('BAD_ARGUMENT', `run '${label}': ${reserved} is set by compare itself; remove it from the run's flags`);
  const cmd = addTrainFlags(new Command('train'))
    .exitOverride()
    .configureOutput({ outputError: () => undefined, writeOut: () => undefined, writeErr: () => undefined });
  try {
    cmd.parse(args, { from: 'user' });
    validateConfig(resolveConfig(configFromFlags(cmd.opts())));
  } catch (err) {
    if (err instanceof CommanderError || err instanceof MlpError) {
      throw new MlpError('BAD_ARGUMENT', `run '${label}': ${err.message.replace(/^error:\s*/, '')}`);
    }
    throw err;
  }
}

function slug(label: string): string {
  return (
    label
      .replace(/[^\w.=+-]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 60) || 'run'
  );
}

function planRuns(flags: Record<string, unknown>, out: string): RunSpec[] {
  const base = splitArgs((flags.base as string | undefined) ?? '');
  const varied = (flags.vary as string[] | undefined) ?? [];
  const explicit = (flags.run as string[] | undefined) ?? [];
  const labels = (flags.label as string[] | undefined) ?? [];
  const runs = varied.length > 0 ? product(varied.map(varyFlags)).map((r) => ({ label: r.label, args: [...base, ...r.args] })) : [];
  explicit.forEach((text) => runs.push({ label: text.trim() || 'defaults', args: [...base, ...splitArgs(text)] }));
  if (runs.length < 1)
    throw new MlpError(
      'BAD_ARGUMENT',
      'compare needs runs: --vary KEY=v1,v2 (with --base "<flags>") and/or --run "<train flags>" (repeatable)',
    );
  if (labels.length > 0 && labels.length !== runs.length) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `${labels.length} --label for ${runs.length} runs: give one label per run, in order (varied runs first), or none`,
    );
  }
  labels.forEach((l, i) => (runs[i].label = l));
  if (new Set(runs.map((r) => r.label)).size !== runs.length)
    throw new MlpError('BAD_ARGUMENT', 'two runs have the same label: give distinct --label values');
  for (const r of runs) checkRun(r.label, r.args);
  return runs.map((r, i) => ({ ...r, dir: path.join(out, `${i + 1}-${slug(r.label)}`) }));
}

function progressLine(run: RunSpec, record: Record<string, number>, epochs: string): string {
  const metrics = ['loss', 'accuracy', 'val_loss', 'val_accuracy']
    .filter((k) => record[k] !== undefined)
    .map((k) => `${k} ${record[k].toFixed(4)}`);
  return `[${run.label}] epoch ${record.epoch}${epochs} ${metrics.join(' ')} (${record.seconds.toFixed(2)}s)`;
}

/** Runs one child `mlp train`; reports its epochs as they come. */
function runChild(run: RunSpec, threads: number | null, verbose: number, children: Set<ReturnType<typeof spawn>>): Promise<RunOutcome> {
  const args = [MLP, 'train', ...run.args, '--json', '--verbose', '0', '--out', run.dir];
  if (threads !== null && !run.args.includes('--threads')) args.push('--threads', String(threads));
  // Own process group: a terminal Ctrl-C reaches compare only, which passes ONE SIGINT on (two would quit without a checkpoint).
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  let stderr = '';
  let pending = '';
  const epochsIndex = run.args.indexOf('--epochs');
  const epochs = epochsIndex >= 0 ? `/${run.args[epochsIndex + 1]}` : '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '' || verbose === 0) continue;
      const record = JSON.parse(line) as Record<string, number>;
      if (verbose === 2 || record.epoch === 1 || record.epoch % 10 === 0) process.stdout.write(`${progressLine(run, record, epochs)}\n`);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? (signal === 'SIGINT' ? EXIT_INTERRUPTED : 1), stderr });
    });
  });
}

async function runAll(runs: RunSpec[], jobs: number, threads: number | null, verbose: number): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = new Array(runs.length);
  const children = new Set<ReturnType<typeof spawn>>();
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    process.stderr.write('\ninterrupt: asking every run to checkpoint its last complete epoch\n');
    for (const c of children) c.kill('SIGINT');
  };
  process.on('SIGINT', onSigint);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length && !interrupted) {
      const i = next++;
      outcomes[i] = await runChild(runs[i], threads, verbose, children);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, runs.length) }, worker));
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (interrupted) {
    const started = runs.filter((_, i) => outcomes[i] !== undefined).map((r) => r.dir);
    throw new MlpError(
      'INTERRUPTED',
      `interrupted: resume each run with mlp train --resume DIR (${started.join(', ')}) and plot them with mlp plot`,
    );
  }
  return outcomes;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 ? lines[lines.length - 1] : '(no message)';
}

function readSummary(run: RunSpec): RunSummary {
  const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(run.dir, file), 'utf8'));
  const h = read(RUN_FILES.history) as { history: Record<string, (number | string)[]> };
  const history = Object.fromEntries(Object.entries(h.history).map(([k, v]) => [k, v.map(Number)]));
  return { label: run.label, history, results: read(RUN_FILES.results) as Results };
}

const EXAMPLES = `
Examples (the lecture's comparisons):
  $ mlp compare --vary lr=0.2,2,20                                  # ex_ml7_3: learning rates
  $ mlp compare --vary momentum=0,0.4                               # ex_ml7_3a
  $ mlp compare --vary batch-size=10,30,300                         # ex_ml7_3b
  $ mlp compare --run "" --run "--optimizer rmsprop" --run "--optimizer adadelta --lr 1" --run "--optimizer adam" \\
                --label "SGD(1.0)" --label RMSprop --label "Adadelta(1.0)" --label Adam   # ex_ml7_3c
  $ mlp compare --base "--arch 784-256-256-10 --epochs 40" --run "--activation sigmoid --lr 1" --run "--activation relu --lr 0.2"   # ex_ml7_3d
  $ mlp compare --run "" --run "--reg l2" --run "--dropout 0.2" --out runs/overtraining   # ex_ml7_1a/1b
Every run uses the same data and seed unless its flags say otherwise.`;

export function register(program: Command): void {
  program
    .command('compare')
    .description('train several configurations on the same data and seed, in parallel, and overlay their curves')
    .option('--base <flags>', 'train flags every run starts from, e.g. "--train-size 10000 --epochs 50"')
    .option('--vary <key=values>', 'one run per value of a train flag, e.g. lr=0.2,2,20 (repeat for every combination)', collect)
    .option('--run <flags>', 'a run with these train flags (repeatable; "" = the defaults)', collect)
    .option('--label <name>', 'legend label of the runs, in order (repeatable)', collect)
    .option('--jobs <n>', 'runs at the same time (default: the number of cores)', parseInteger)
    .option('--out <dir>', 'folder for the runs, compare.svg/png and summary.md (default runs/compare-<time>)')
    .addOption(new Option('--metric <which>', 'what the figure shows').choices(['loss', 'accuracy', 'both']).default('both'))
    .option('--title <text>', 'figure title')
    .option('--verbose <level>', '0 quiet, 1 every 10th epoch (default), 2 every epoch', parseVerbose)
    .addHelpText('after', EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const out = (flags.out as string | undefined) ?? path.join('runs', `compare-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      const runs = planRuns(flags, out);
      const cores = os.availableParallelism();
      const jobs = (flags.jobs as number | undefined) ?? cores;
      if (!Number.isInteger(jobs) || jobs < 1) throw new MlpError('BAD_ARGUMENT', `--jobs must be a positive integer, got ${jobs}`);
      const threads = Math.max(1, Math.floor(cores / Math.min(jobs, runs.length)));
      fs.mkdirSync(out, { recursive: true });
      process.stdout.write(`${runs.length} runs, ${Math.min(jobs, runs.length)} at a time, in ${out}\n`);
      const outcomes = await runAll(runs, jobs, threads, (flags.verbose as number | undefined) ?? 1);
      const failed = runs.map((r, i) => ({ r, o: outcomes[i] })).filter(({ o }) => o.code !== 0);
      if (failed.length > 0) {
        const { r, o } = failed[0];
        throw new MlpError('BAD_CONFIG', `run '${r.label}' failed (exit ${o.code}): ${lastLine(o.stderr).replace(/^error:\s*/, '')}`);
      }
      const summaries = runs.map(readSummary);
      const figure = await writePlot(
        summaries.map((s) => ({ label: s.label, history: s.history })),
        path.join(out, 'compare'),
        { metric: flags.metric as 'loss' | 'accuracy' | 'both', title: flags.title as string | undefined },
      );
      const table = summaryTable(summaries);
      writeFileAtomic(path.join(out, 'summary.md'), `${table}\n`);
      process.stdout.write(`${table}\nfigure: ${figure.svg}, ${figure.png}\n`);
    });
}
