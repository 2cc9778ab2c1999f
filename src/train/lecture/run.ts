/**
 * Running a recipe: each of its configurations through the experiment runner, one after the other
 * (each run already uses the matmul threads), then the claim judged on the runs' statistics and,
 * with an output folder, the figure(s) and results.md written (output.ts).
 *
 *   config(run) = run.config  ⊕ (quick ? recipe.quick ⊕ recipe.quickRuns[run.label] : {})  ⊕ {seed}
 */
import { MlpError } from '../../tensor/errors';
import { resolveConfig, type PartialTrainConfig } from '../experiment';
import { judge, runStats, type Stats, type Verdict } from './claims';
import { runConfig, type ConfigRun } from './experiment';
import { writeRecipeOutput } from './output';
import type { Recipe } from './recipe';
import { RECIPES } from './recipes';

export interface RecipeOptions {
  /** Smaller data and fewer epochs (the tests' settings). */
  quick?: boolean;
  /** Folder for the figure(s) and results.md; null = nothing written. */
  out?: string | null;
  /** Seed of every run (weights, shuffling, dropout, augmentation). Default: the runner's 1337. */
  seed?: number;
  /** Matmul threads and backend for every run (the runner's defaults when absent). */
  threads?: number;
  backend?: string;
  /** Progress lines (one per finished run). */
  log?: (line: string) => void;
}

export interface RunReport {
  label: string;
  config: PartialTrainConfig;
  outcome: ConfigRun;
  stats: Stats;
}

export interface RecipeReport {
  recipe: Recipe;
  quick: boolean;
  seed: number | undefined;
  runs: RunReport[];
  verdict: Verdict | null;
  /** Files written (figures, results.md). */
  files: string[];
  seconds: number;
}

export function getRecipe(name: string): Recipe {
  const recipe = RECIPES.find((r) => r.name === name);
  if (!recipe)
    throw new MlpError('BAD_ARGUMENT', `unknown lecture experiment '${name}': valid names are ${RECIPES.map((r) => r.name).join(', ')}`);
  return recipe;
}

/** The configuration one run of a recipe trains. */
export function recipeConfig(
  recipe: Recipe,
  label: string,
  opts: Pick<RecipeOptions, 'quick' | 'seed' | 'threads' | 'backend'> = {},
): PartialTrainConfig {
  const run = recipe.runs.find((r) => r.label === label);
  if (!run) throw new MlpError('BAD_ARGUMENT', `recipe ${recipe.name} has no run '${label}'`);
  const quick = opts.quick ? { ...recipe.quick, ...(recipe.quickRuns?.[label] ?? {}) } : {};
  const config: PartialTrainConfig = { ...run.config, ...quick };
  if (opts.seed !== undefined) config.seed = opts.seed;
  if (opts.threads !== undefined) config.threads = opts.threads;
  if (opts.backend !== undefined) config.backend = opts.backend;
  return config;
}

export async function runRecipe(recipe: Recipe, opts: RecipeOptions = {}): Promise<RecipeReport> {
  const started = performance.now();
  const runs: RunReport[] = [];
  for (const run of recipe.runs) {
    const config = recipeConfig(recipe, run.label, opts);
    const outcome = await runConfig(config);
    runs.push({ label: run.label, config, outcome, stats: runStats(outcome, resolveConfig(config).epochs) });
    const s = runs[runs.length - 1].stats;
    opts.log?.(
      `${recipe.name}: ${run.label}: ${s.epochs} epochs, loss ${s.loss.toFixed(4)}, val_loss ${s.val_loss.toFixed(4)}, val_accuracy ${s.val_accuracy.toFixed(4)}, test_accuracy ${s.test_accuracy.toFixed(4)} (${outcome.seconds.toFixed(1)} s)`,
    );
  }
  const verdict = recipe.claim ? judge(recipe.claim, Object.fromEntries(runs.map((r) => [r.label, r.stats]))) : null;
  // seconds: the training and evaluation of every run, without drawing the figures.
  const report: RecipeReport = {
    recipe,
    quick: !!opts.quick,
    seed: opts.seed,
    runs,
    verdict,
    files: [],
    seconds: (performance.now() - started) / 1000,
  };
  if (opts.out) report.files = await writeRecipeOutput(report, opts.out);
  return report;
}
