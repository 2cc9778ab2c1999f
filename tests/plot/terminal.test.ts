/** terminalCurve: a history series as asciichart text. */
import { terminalCurve } from '../../src/train/plot';

describe('terminalCurve', () => {
  test('header, then `height` + 1 rows of chart with one column per epoch', () => {
    const loss = [2.3, 1.2, 0.8, 0.6, 0.5, 0.45];
    const text = terminalCurve(loss, { height: 4, label: 'loss' });
    const [header, ...chart] = text.split('\n');
    expect(header).toBe('loss: 6 epochs, last 0.4500');
    expect(chart).toHaveLength(5);
    // Top row is the maximum, bottom row the minimum, 4 significant digits, right-aligned to 10.
    expect(chart[0].startsWith('     2.300 ┼')).toBe(true);
    expect(chart[4].startsWith('    0.4500 ┤')).toBe(true);
    // The curve: it starts at the top left and ends on the bottom row, one cell per epoch after the first.
    expect(chart[0]).toMatch(/┼╮/);
    expect(chart[4].trimEnd()).toMatch(/╰─*$/);
    for (const row of chart) expect(row.trimEnd().length).toBeLessThanOrEqual(12 + loss.length - 1);
  });

  test('drops NaN and Infinity and says so', () => {
    const text = terminalCurve([1, 0.5, NaN, Infinity], { label: 'lr=20' });
    expect(text.split('\n')[0]).toBe('lr=20: 4 epochs, last Infinity, 2 not finite (NaN/Inf) dropped');
    expect(text).not.toMatch(/NaN\s*[┤┼]/);
    expect(text.split('\n').length).toBeGreaterThan(2);
    expect(terminalCurve([NaN])).toBe('value: 1 epoch, last NaN, 1 not finite (NaN/Inf) dropped\n(no finite values to draw)');
  });

  test('a flat series is labelled with its value; long series are thinned to 100 columns', () => {
    expect(terminalCurve([0.25, 0.25]).split('\n')[1].trimEnd()).toBe('    0.2500 ┼─');
    const long = Array.from({ length: 1000 }, (_, i) => i);
    const text = terminalCurve(long, { height: 3 });
    expect(text.split('\n')[0]).toBe('value: 1000 epochs, last 999.0, 100 of them shown');
    expect(
      Math.max(
        ...text
          .split('\n')
          .slice(1)
          .map((row) => row.trimEnd().length),
      ),
    ).toBe(12 + 99);
  });

  test('rejects a bad height', () => {
    expect(() => terminalCurve([1, 2], { height: 0 })).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});
