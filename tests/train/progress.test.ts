/**
 * The Keras 3 progress display (reference/MATH.md §14): number, time and ETA formats, the verbose-2
 * epoch line, and the verbose-1 bar redrawn in place on a (fake) terminal.
 */
import { formatValue } from '../../src';
import { barLine, formatEta, formatStepTime } from '../../src/train/progress';
import { fakeStream, tinyData, tinyModel } from './fit-fixtures';

const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
const NUM = String.raw`\d+\.\d{4}`;
const STEP = String.raw`\d+(s|ms|us)/step`;

describe('progress formats', () => {
  test('values: %.4f, or %.4e when |v| <= 1e-3, as Python prints them', () => {
    expect(formatValue(1.4)).toBe('1.4000');
    expect(formatValue(0.59014)).toBe('0.5901');
    expect(formatValue(-0.25)).toBe('-0.2500');
    expect(formatValue(0.0011)).toBe('0.0011');
    expect(formatValue(1e-3)).toBe('1.0000e-03');
    expect(formatValue(0.000123456)).toBe('1.2346e-04');
    expect(formatValue(0)).toBe('0.0000e+00');
    expect(formatValue(NaN)).toBe('nan');
    expect(formatValue(Infinity)).toBe('inf');
    expect(formatValue(-Infinity)).toBe('-inf');
  });

  test('step times and ETAs', () => {
    expect(formatStepTime(0.006)).toBe('6ms/step');
    expect(formatStepTime(0.000508)).toBe('508us/step');
    expect(formatStepTime(2.2)).toBe('2s/step');
    expect(formatStepTime(0)).toBe('0s/step');
    expect(formatEta(42.7)).toBe('42s');
    expect(formatEta(65)).toBe('1:05');
    expect(formatEta(3723)).toBe('1:02:03');
  });

  test('the bar: count right-aligned, ⌊20·current/target⌋ done, Keras colours', () => {
    const [plain, width] = barLine(5, 84, '3s', '6ms/step', ' - loss: 1.4000', false);
    expect(plain).toBe(' 5/84 ━━━━━━━━━━━━━━━━━━━━ 3s 6ms/step - loss: 1.4000');
    expect(width).toBe(plain.length);
    const [coloured] = barLine(42, 84, '3s', '6ms/step', '', true);
    expect(coloured).toBe(`\x1b[1m42/84\x1b[0m \x1b[32m${'━'.repeat(10)}\x1b[0m\x1b[37m${'━'.repeat(10)}\x1b[0m \x1b[1m3s\x1b[0m 6ms/step`);
    expect(barLine(0, 84, '9s', '0s/step', '', true)[0]).not.toContain('\x1b[32m');
  });
});

describe('progress of fit', () => {
  const { x, y } = tinyData(10, 1);
  const v = tinyData(5, 2);

  test('verbose 2: `Epoch i/N`, then one line per epoch with the values in alphabetical order', async () => {
    const stream = fakeStream();
    const history = await tinyModel().fit(x, y, { epochs: 2, batchSize: 4, validationData: [v.x, v.y], verbose: 2, output: stream });
    const lines = stream.text.trimEnd().split('\n');
    expect(lines[0]).toBe('Train on 10 examples, validate on 5 examples');
    expect(lines[1]).toBe('Epoch 1/2');
    const line = new RegExp(`^3/3 - \\d+s - ${STEP} - accuracy: ${NUM} - loss: ${NUM} - val_accuracy: ${NUM} - val_loss: ${NUM}$`);
    expect(lines[2]).toMatch(line);
    expect(lines[3]).toBe('Epoch 2/2');
    expect(lines[4]).toMatch(line);
    expect(lines).toHaveLength(5);
    const h = history.history;
    expect(lines[4]).toContain(
      `accuracy: ${formatValue(h.accuracy[1])} - loss: ${formatValue(h.loss[1])} - val_accuracy: ${formatValue(h.val_accuracy[1])} - val_loss: ${formatValue(h.val_loss[1])}`,
    );
    expect(stream.text).not.toMatch(ANSI);
  });

  test('the default verbosity is 2 on a pipe; a single epoch prints no `Epoch 1/1`', async () => {
    const stream = fakeStream(false);
    await tinyModel().fit(x, y, { batchSize: 4, output: stream });
    expect(stream.text).toMatch(new RegExp(`^Train on 10 examples\\n3/3 - \\d+s - ${STEP} - accuracy: ${NUM} - loss: ${NUM}\\n$`));
  });

  test('verbose 1 on a terminal redraws the bar in place with an ETA, then ends each epoch with the elapsed time', async () => {
    const stream = fakeStream(true);
    await tinyModel().fit(x, y, { epochs: 2, batchSize: 4, validationData: [v.x, v.y], output: stream }); // verbose defaults to 1 on a TTY
    expect(stream.text).toContain('\r');
    expect(stream.text).toContain('\x1b[1m1/3\x1b[0m \x1b[32m━━━━━━\x1b[0m\x1b[37m━━━━━━━━━━━━━━\x1b[0m'); // ⌊20/3⌋ = 6 done
    const plain = stream.text.replace(ANSI, '');
    const lines = plain.split('\n');
    expect(lines[1]).toBe('Epoch 1/2');
    // the first batch is always drawn (mid-epoch, with ETA and running means), the epoch's final line replaces it
    const draws = lines[2].split('\r').filter((s) => s !== '');
    expect(draws[0]).toMatch(new RegExp(`^1/3 ━{20} \\d+s ${STEP} - accuracy: ${NUM} - loss: ${NUM}`));
    const final = new RegExp(`^3/3 ━{20} \\d+s ${STEP} - accuracy: ${NUM} - loss: ${NUM} - val_accuracy: ${NUM} - val_loss: ${NUM} *$`);
    expect(draws[draws.length - 1]).toMatch(final);
    expect(lines[3]).toBe('Epoch 2/2');
    expect(lines[4].split('\r').pop()).toMatch(final);
    expect(lines[5]).toBe('');
  });

  test('verbose 1 on a pipe prints only the final line of each epoch, without colour codes', async () => {
    const stream = fakeStream(false);
    await tinyModel().fit(x, y, { epochs: 1, batchSize: 4, verbose: 1, output: stream });
    expect(stream.text).toMatch(new RegExp(`^Train on 10 examples\\n3/3 ━{20} \\d+s ${STEP} - accuracy: ${NUM} - loss: ${NUM}\\n$`));
  });

  test('verbose 0 prints nothing', async () => {
    const stream = fakeStream(true);
    await tinyModel().fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, output: stream });
    expect(stream.text).toBe('');
  });
});
