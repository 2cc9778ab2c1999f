/**
 * The training-curve figure: what the SVG draws (one line per run and split, dashes, colours,
 * legend, axis titles, panel order, not-finite values), its exact size, the PNG and the files.
 * Needs jest under `--experimental-vm-modules` (vega is ESM-only; see src/train/plot/load.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plotHistorySvg, svgToPng, writePlot, type PlotRun } from '../../src/train/plot';

/** A made-up history of `epochs` epochs: loss a/e + 0.1, accuracy rising; not finite from `badFrom`. */
function history(epochs: number, a: number, opts: { validation?: boolean; badFrom?: number } = {}): PlotRun['history'] {
  const h: PlotRun['history'] = { loss: [], accuracy: [] };
  if (opts.validation !== false) Object.assign(h, { val_loss: [], val_accuracy: [] });
  for (let e = 1; e <= epochs; e++) {
    const bad = opts.badFrom !== undefined && e >= opts.badFrom;
    h.loss.push(bad ? NaN : a / e + 0.1);
    h.accuracy.push(1 - 0.5 / e);
    h.val_loss?.push(bad ? Infinity : a / Math.sqrt(e) + 0.2);
    h.val_accuracy?.push(0.9 - 0.4 / e);
  }
  return h;
}

const runs: PlotRun[] = [
  { label: 'original', history: history(12, 1) },
  { label: 'rotated', history: history(7, 0.8) }, // stopped early
  { label: 'lr=20', history: history(12, 2, { badFrom: 4 }) }, // diverged
  { label: 'no-val', history: history(5, 1.5, { validation: false }) },
];
const expectedSeries = [
  'original train',
  'original validation',
  'rotated train',
  'rotated validation',
  'lr=20 train (not finite from epoch 4)',
  'lr=20 validation (not finite from epoch 4)',
  'no-val train',
];

interface Line {
  series: string;
  y: string;
  stroke: string;
  dash: string;
  points: number;
  d: string;
}

/** Every line mark Vega drew: its series and y title (from the aria label), colour, dash, points. */
function lines(svg: string): Line[] {
  const paths = svg.match(/<path [^>]*aria-roledescription="line mark"[^>]*>/g) ?? [];
  return paths.map((p) => {
    const attr = (name: string): string => new RegExp(` ${name}="([^"]*)"`).exec(p)?.[1] ?? '';
    const label = attr('aria-label');
    return {
      series: /series: (.*)$/.exec(label)?.[1] ?? '',
      y: /; (\w+): /.exec(label)?.[1] ?? '',
      stroke: attr('stroke'),
      dash: attr('stroke-dasharray'),
      points: (attr('d').match(/[ML]/g) ?? []).length,
      d: attr('d'),
    };
  });
}

/** The root element's size attributes, e.g. 'width="520" height="600"'. */
const rootSize = (svg: string): string => /^<svg [^>]*?(width="[^"]*" height="[^"]*")/.exec(svg)?.[1] ?? 'no <svg> root';

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('plotHistorySvg', () => {
  let both: string;
  beforeAll(async () => {
    both = await plotHistorySvg(runs, { metric: 'both', width: 520, height: 600, title: 'four runs' });
  });

  test('draws one line per run and split in each panel, loss panel first', () => {
    const drawn = lines(both);
    expect(drawn.map((l) => l.series)).toEqual([...expectedSeries, ...expectedSeries]);
    const panelOf = (y: string) => expectedSeries.map(() => y);
    expect(drawn.map((l) => l.y)).toEqual([...panelOf('loss'), ...panelOf('accuracy')]);
  });

  test('training solid, validation dashed, one colour per run', () => {
    const drawn = lines(both);
    for (const line of drawn) expect(line.dash).toBe(line.series.includes('validation') ? '6,4' : '');
    const colorOf = (label: string) => new Set(drawn.filter((l) => l.series.startsWith(`${label} `)).map((l) => l.stroke));
    const colors = runs.map((r) => colorOf(r.label));
    for (const c of colors) expect(c.size).toBe(1);
    expect(new Set(colors.map((c) => [...c][0])).size).toBe(runs.length);
  });

  test('x is the epoch from 1, runs keep their own lengths, not-finite values are dropped', () => {
    const points = Object.fromEntries(
      lines(both)
        .slice(0, expectedSeries.length)
        .map((l) => [l.series, l.points]),
    );
    expect(points['original train']).toBe(12);
    expect(points['rotated validation']).toBe(7);
    expect(points['lr=20 train (not finite from epoch 4)']).toBe(3);
    expect(points['no-val train']).toBe(5);
    expect(both).not.toMatch(/NaN|Infinity/);
    // aria label of the first point: epoch 1 with the first loss of "original", 1/1 + 0.1.
    expect(both).toContain('aria-label="epoch: 1; loss: 1.1; series: original train"');
  });

  test('one legend naming run and split, axis titles, title, requested size', () => {
    const t = texts(both);
    for (const name of expectedSeries) expect(t.filter((x) => x === name)).toHaveLength(1);
    expect(t.filter((x) => x === 'epoch')).toHaveLength(2);
    expect(t).toContain('loss');
    expect(t).toContain('accuracy');
    expect(t).toContain('four runs');
    expect(rootSize(both)).toBe('width="520" height="600"');
  });

  test('a single run and a single metric make one panel of the requested size', async () => {
    const only = [{ label: 'only', history: { loss: [0.9, 0.5, 0.4] } }];
    const svg = await plotHistorySvg(only, { metric: 'loss', width: 400, height: 300 });
    expect(lines(svg).map((l) => [l.series, l.y, l.points])).toEqual([['only train', 'loss', 3]]);
    expect(texts(svg)).not.toContain('accuracy');
    expect(rootSize(svg)).toBe('width="400" height="300"');
  });

  test('reads the older acc / val_acc keys', async () => {
    const k2 = [{ label: 'k2', history: { loss: [1, 0.5], acc: [0.5, 0.8], val_acc: [0.4, 0.7] } }];
    const svg = await plotHistorySvg(k2, { metric: 'accuracy' });
    expect(lines(svg).map((l) => [l.series, l.y])).toEqual([
      ['k2 train', 'accuracy'],
      ['k2 validation', 'accuracy'],
    ]);
  });

  test.each([
    [[], {}, /non-empty/],
    [[{ label: 'a', history: { val_loss: [1] } }], { metric: 'loss' }, /run "a" has no "loss".*keys: val_loss/],
    [[{ label: 'a', history: { loss: [1] } }], {}, /run "a" has no "accuracy" or "acc"/],
    [
      [
        { label: 'a', history: { loss: [1] } },
        { label: 'a', history: { loss: [1] } },
      ],
      { metric: 'loss' },
      /distinct/,
    ],
    [[{ label: 'a', history: { loss: [1] } }], { metric: 'loss', width: 50 }, /width must be an integer.*got 50/],
    [[{ label: 'a', history: { loss: [1] } }], { metric: 'lr' }, /metric must be/],
    [[{ label: 'a' }], {}, /run "a" has no history object/],
    [[{ label: 'a', history: { loss: [1, 'NaN'] } }], { metric: 'loss' }, /train loss must be an array of numbers/],
  ])('rejects bad input %#', async (badRuns, opts, message) => {
    await expect(plotHistorySvg(badRuns as PlotRun[], opts as never)).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: expect.stringMatching(message),
    });
  });
});

describe('svgToPng and writePlot', () => {
  const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
  const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let svg: string;
  beforeAll(async () => {
    svg = await plotHistorySvg(runs.slice(0, 2), { metric: 'loss', width: 300, height: 200 });
  });

  test('PNG signature, requested size times scale, and the text is drawn', async () => {
    const png = await svgToPng(svg, { scale: 2 });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 600, height: 400 });
    // Without a font resvg silently skips text: the picture must change when the text is removed.
    const withoutText = await svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { scale: 2 });
    expect(pngSize(withoutText)).toEqual({ width: 600, height: 400 });
    expect(withoutText.equals(png)).toBe(false);
  });

  test('rejects a bad scale', async () => {
    await expect(svgToPng(svg, { scale: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  test('writePlot writes FILE.svg and FILE.png, creating the folder, leaving no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-plot-'));
    try {
      const out = join(dir, 'figs', 'curves');
      const paths = await writePlot(runs.slice(0, 1), `${out}.png`, { metric: 'loss', width: 320, height: 240 });
      expect(paths).toEqual({ svg: `${out}.svg`, png: `${out}.png` });
      expect(rootSize(readFileSync(paths.svg, 'utf8'))).toBe('width="320" height="240"');
      const png = readFileSync(paths.png);
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual({ width: 320, height: 240 });
      expect(readdirSync(join(dir, 'figs')).sort()).toEqual(['curves.png', 'curves.svg']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writePlot names the path it cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlp-plot-'));
    try {
      const blocker = join(dir, 'file');
      await writePlot(runs.slice(0, 1), blocker, { metric: 'loss', width: 200, height: 200 });
      // `file.svg` is now a file, so it cannot be a folder.
      const bad = join(dir, 'file.svg', 'x');
      const writing = writePlot(runs.slice(0, 1), bad, { metric: 'loss', width: 200, height: 200 });
      await expect(writing).rejects.toMatchObject({
        code: 'BAD_ARGUMENT',
        message: expect.stringContaining(join(dir, 'file.svg')),
      });
      expect(existsSync(`${bad}.svg`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
