/**
 * A lecture recipe is data: the configurations of one experiment of the lecture (each a partial
 * TrainConfig run through runExperiment), the settings `--quick` swaps in, and the qualitative
 * claim the lecture makes about the outcome, written as comparisons of per-run statistics:
 *
 *   claim holds  ⇔  for every condition:  stat(run_a)  op  stat(run_b)   (or a number)
 *
 * Statistics are read from the last epoch of a run's history and from its final evaluation:
 *   loss, accuracy, val_loss, val_accuracy         last epoch
 *   lossGap = val_loss − loss                      the overtraining gap (penalties cancel: both include them)
 *   accuracyGap = accuracy − val_accuracy
 *   valLossRise = val_loss − min(val_loss)         > 0 once validation loss turned back up
 *   epochs                                         epochs run (early stopping)
 *   epochsLeft = epoch limit − epochs              > 0 when training stopped early
 *   bestFromEnd = epochs − argmin(val_loss)         4 for patience 3 (the best is the 4th from last)
 *   test_loss, test_accuracy, train_accuracy       final evaluation (train = unaugmented training set)
 * A loss that is NaN or infinite (a diverged run) counts as +∞ and an accuracy as 0, so a diverged
 * run loses every comparison instead of making it undecidable.
 */
import type { PartialTrainConfig } from '../experiment/config';

export type StatName =
  | 'loss'
  | 'accuracy'
  | 'val_loss'
  | 'val_accuracy'
  | 'lossGap'
  | 'accuracyGap'
  | 'valLossRise'
  | 'epochs'
  | 'epochsLeft'
  | 'bestFromEnd'
  | 'test_loss'
  | 'test_accuracy'
  | 'train_accuracy';

export interface RecipeRun {
  /** Legend label and results.md row; unique within the recipe. */
  label: string;
  config: PartialTrainConfig;
}

export interface Condition {
  run: string;
  stat: StatName;
  op: '<' | '>' | '<=' | '>=';
  /** Another run's statistic, or a fixed number. */
  than: { run: string; stat: StatName; plus?: number } | number;
}

export interface Claim {
  /** The lecture's statement, in words. */
  text: string;
  conditions: Condition[];
}

/** Where the trick is implemented, for the docs' links (a declaration found by pattern). */
export interface SourcePointer {
  dir: string;
  pattern: string;
}

/** Numbers the lecture prints for an experiment (only ex_ml7_1c prints any). */
export interface Reported {
  epochs: number;
  epoch1: { loss: number; accuracy: number; val_loss: number; val_accuracy: number };
  train: { loss: number; accuracy: number };
  valid: { loss: number; accuracy: number };
  test: { loss: number; accuracy: number };
}

export interface Recipe {
  name: string;
  /** The lecture's script, e.g. 'ex_ml7_1c'. */
  script: string;
  title: string;
  /** One paragraph: what is compared and why. */
  about: string;
  runs: RecipeRun[];
  /** Overrides every run gets with --quick (smaller data, fewer epochs). */
  quick: PartialTrainConfig;
  /** Per-run overrides with --quick, by label (on top of `quick`). */
  quickRuns?: Record<string, PartialTrainConfig>;
  claim: Claim | null;
  implementedBy: SourcePointer[];
  /** Extra figure: originals and rotated copies of a few digits (augment-rotate). */
  digitFigure?: boolean;
  /** What the lecture reports, to print beside our numbers. */
  reported?: Reported;
}
