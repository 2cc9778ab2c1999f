/** PlateauReducer: the arithmetic of Keras 3 ReduceLROnPlateau, epoch by epoch. */
import { PlateauReducer } from '../../src/optim/plateau';
import { MlpError } from '../../src/tensor/errors';

/** Feeds the values one per epoch starting from lr; returns the lr after each epoch. */
function run(r: PlateauReducer, values: number[], lr = 1): number[] {
  return values.map((v) => (lr = r.update(v, lr)));
}

test('patience 2, factor .5: two epochs without improvement halve the lr, then the count restarts', () => {
  const r = new PlateauReducer({ patience: 2, factor: 0.5 });
  // epoch:  1: best 1   2: wait 1   3: wait 2 → lr .5, wait 0   4: wait 1   5: wait 2 → .25   6: improved
  expect(run(r, [1, 1, 1, 1, 1, 0.5])).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  expect(r.best).toBe(0.5);
});

test('minDelta: an improvement must beat best − minDelta (mode min)', () => {
  const r = new PlateauReducer({ patience: 1, factor: 0.5, minDelta: 0.1 });
  // 1 → best;  0.95 is not < 1 − .1: wait 1 ≥ 1 → .5;  0.85 < .9: best, no change
  expect(run(r, [1, 0.95, 0.85])).toEqual([1, 0.5, 0.5]);
  expect(r.best).toBe(0.85);
});

test('cooldown: the counter is decremented first thing each epoch, as in Keras', () => {
  const r = new PlateauReducer({ patience: 1, factor: 0.5, cooldown: 2 });
  // 1: best.  2: wait 1 → .5, cooldown 2.  3: cooldown 2 → 1, still cooling: no count.
  // 4: cooldown 1 → 0, no longer cooling: wait 1 → .25, cooldown 2.  5: cooldown → 1, no count.
  expect(run(r, [1, 1, 1, 1, 1])).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
  expect(r.cooldownCounter).toBe(1);
});

test('minLr floors the lr, and no reduction happens once lr ≤ minLr', () => {
  const r = new PlateauReducer({ patience: 1, factor: 0.1, minLr: 0.05 });
  expect(run(r, [1, 1, 1, 1])).toEqual([1, 0.1, 0.05, 0.05]);
});

test("mode 'auto' maximises monitors containing 'acc'; NaN never improves", () => {
  const acc = new PlateauReducer({ monitor: 'val_accuracy', patience: 1, factor: 0.5 });
  expect(acc.mode).toBe('max');
  expect(run(acc, [0.5, 0.6, 0.6])).toEqual([1, 1, 0.5]);
  const loss = new PlateauReducer({ patience: 1, factor: 0.5 });
  expect(loss.mode).toBe('min');
  expect(run(loss, [1, NaN])).toEqual([1, 0.5]);
  expect(new PlateauReducer({ monitor: 'val_accuracy', mode: 'min' }).mode).toBe('min');
});

test('getState/setState and reset', () => {
  const r = new PlateauReducer({ patience: 3 });
  run(r, [1, 2, 2]);
  const copy = new PlateauReducer({ patience: 3 });
  copy.setState(r.getState());
  expect(copy.getState()).toEqual({ best: 1, wait: 2, cooldownCounter: 0 });
  r.reset();
  expect(r.getState()).toEqual({ best: Infinity, wait: 0, cooldownCounter: 0 });
});

test('bad options throw BAD_ARGUMENT naming the option (Keras refuses factor ≥ 1)', () => {
  expect(() => new PlateauReducer({ factor: 1 })).toThrow(/ReduceLROnPlateau: factor must be a number in \[0, 1\), got 1/);
  expect(() => new PlateauReducer({ patience: 1.5 })).toThrow(/patience must be an integer >= 0/);
  expect(() => new PlateauReducer({ mode: 'up' as never })).toThrow(/mode must be one of 'auto', 'min', 'max'/);
  expect(() => new PlateauReducer({ min_lr: 0.1 } as never)).toThrow(MlpError);
});
