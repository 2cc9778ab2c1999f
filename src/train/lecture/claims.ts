/**
 * The statistics a recipe's claim compares (definitions in recipe.ts) and the verdict on a claim.
 * A diverged run's NaN/∞ loss counts as +∞ and its NaN accuracy as 0, so it loses comparisons.
 */
import type { Claim, Condition, StatName } from './recipe';

export interface Score {
  loss: number;
  accuracy: number;
}

/** What a run produced that the statistics need. */
export interface RunOutcome {
  history: Record<string, number[]>;
  final: { train?: Score | null; valid?: Score | null; test?: Score | null };
}

export type Stats = Record<StatName, number>;

const lossLike = (v: number | undefined): number => (v === undefined || !Number.isFinite(v) ? Infinity : v);
const accuracyLike = (v: number | undefined): number => (v === undefined || !Number.isFinite(v) ? 0 : v);

function last(values: number[] | undefined): number | undefined {
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

/** The statistics of one run; `epochLimit` is the configured number of epochs. */
export function runStats(run: RunOutcome, epochLimit: number): Stats {
  const h = run.history;
  const loss = lossLike(last(h.loss));
  const valLoss = lossLike(last(h.val_loss));
  const valLosses = (h.val_loss ?? []).map(lossLike);
  const best = valLosses.length ? valLosses.indexOf(Math.min(...valLosses)) : -1;
  const accuracy = accuracyLike(last(h.accuracy));
  const valAccuracy = accuracyLike(last(h.val_accuracy));
  const epochs = (h.loss ?? []).length;
  return {
    loss,
    accuracy,
    val_loss: valLoss,
    val_accuracy: valAccuracy,
    lossGap: valLoss - loss,
    accuracyGap: accuracy - valAccuracy,
    valLossRise: best < 0 ? 0 : valLoss - valLosses[best],
    epochs,
    epochsLeft: epochLimit - epochs,
    bestFromEnd: best < 0 ? 0 : epochs - best,
    test_loss: lossLike(run.final.test?.loss),
    test_accuracy: accuracyLike(run.final.test?.accuracy),
    train_accuracy: accuracyLike(run.final.train?.accuracy),
  };
}

const OPS: Record<Condition['op'], (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
};

export interface Verdict {
  text: string;
  holds: boolean;
  /** One line per condition with the numbers compared. */
  details: string[];
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

export function judge(claim: Claim, stats: Record<string, Stats>): Verdict {
  const details: string[] = [];
  let holds = true;
  for (const c of claim.conditions) {
    const left = stats[c.run]?.[c.stat];
    if (left === undefined) throw new Error(`claim refers to unknown run '${c.run}' or statistic '${c.stat}'`);
    let right: number;
    let rightText: string;
    if (typeof c.than === 'number') {
      right = c.than;
      rightText = fmt(right);
    } else {
      const base = stats[c.than.run]?.[c.than.stat];
      if (base === undefined) throw new Error(`claim refers to unknown run '${c.than.run}' or statistic '${c.than.stat}'`);
      right = base + (c.than.plus ?? 0);
      rightText = `${c.than.stat}(${c.than.run})${c.than.plus ? ` ${c.than.plus < 0 ? '−' : '+'} ${Math.abs(c.than.plus)}` : ''} = ${fmt(right)}`;
    }
    const ok = OPS[c.op](left, right);
    holds &&= ok;
    details.push(`${ok ? 'yes' : 'NO '}  ${c.stat}(${c.run}) = ${fmt(left)} ${c.op} ${rightText}`);
  }
  return { text: claim.text, holds, details };
}
