/**
 * How a recipe runs one configuration: through runExperiment, the runner behind `mlp train`, so a
 * recipe trains exactly what `mlp train` with the same flags trains (silently, no output folder).
 */
import { runExperiment, type PartialTrainConfig } from '../experiment';
import type { RunOutcome } from './claims';

export interface ConfigRun extends RunOutcome {
  /** Wall-clock seconds of the whole run: data, training and the final evaluations. */
  seconds: number;
  diverged: { epoch: number; step: number } | null;
}

export async function runConfig(partial: PartialTrainConfig): Promise<ConfigRun> {
  const started = performance.now();
  const result = await runExperiment(partial, { log: null, verbose: 0, plots: false });
  return {
    history: result.history.history,
    final: result.final,
    seconds: (performance.now() - started) / 1000,
    diverged: result.diverged,
  };
}
