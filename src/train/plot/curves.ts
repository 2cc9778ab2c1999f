/**
 * `plotHistorySvg`: the training-curve figure as an SVG string of exactly `width` × `height` pixels.
 *
 * Vega-Lite sizes the plot area, not the figure (its `autosize: fit` does not work for stacked
 * panels), so the figure is drawn, measured, and drawn again with the plot area corrected by the
 * difference. The room taken by axes, titles and legend hardly depends on the plot-area size, so
 * the second or third pass is normally exact. What is left after the last pass (a pixel, from
 * rounded text extents, or a y-axis title longer than a very flat panel) is absorbed by Vega's
 * PADDING: the root is resized. A bigger difference means the figure cannot hold its axes
 * and legend, and is an error.
 */
import { check } from '../../tensor/errors';
import { checkRuns, curveData, type Metric, type PlotRun } from './history';
import { renderVegaLite, svgSize, withSvgSize } from './render';
import { curvesSpec, PADDING } from './spec';

export interface PlotOptions {
  metric?: 'loss' | 'accuracy' | 'both';
  title?: string;
  width?: number;
  height?: number;
}

const METRICS: Record<NonNullable<PlotOptions['metric']>, Metric[]> = {
  loss: ['loss'],
  accuracy: ['accuracy'],
  both: ['loss', 'accuracy'],
};
// The lecture's figsize=(6, 6) at dpi=80.
const DEFAULT_SIZE = 480;
const MAX_SIZE = 8192;
const MIN_PLOT_AREA = 20;
const PASSES = 4;

function checkSize(name: string, value: number): void {
  check(
    Number.isInteger(value) && value >= 100 && value <= MAX_SIZE,
    `plot: ${name} must be an integer number of pixels in [100, ${MAX_SIZE}], got ${value}`,
  );
}

/** Part `i` of `total` whole pixels split into `parts` parts differing by at most one. */
function splitEvenly(total: number, parts: number, i: number): number {
  const base = Math.floor(total / parts);
  return base + (i < total - base * parts ? 1 : 0);
}

export async function plotHistorySvg(runs: PlotRun[], opts: PlotOptions = {}): Promise<string> {
  const metrics = METRICS[opts.metric ?? 'both'];
  check(metrics !== undefined, `plot: metric must be 'loss', 'accuracy' or 'both', got ${JSON.stringify(opts.metric)}`);
  const width = opts.width ?? DEFAULT_SIZE;
  const height = opts.height ?? DEFAULT_SIZE;
  checkSize('width', width);
  checkSize('height', height);
  checkRuns(runs, metrics);
  const data = curveData(runs, metrics);
  // First guess for the plot area: about 60 px of axes per panel; the loop below corrects it.
  let plotWidth = width - 60;
  const plotHeights = metrics.map(() => Math.floor(height / metrics.length) - 60);
  const tooSmall =
    `plot: ${width}×${height} pixels leave no room for the plots next to the axes and legend ` +
    `of ${data.series.length} lines; use a larger width/height`;
  for (let pass = 1; ; pass++) {
    const svg = await renderVegaLite(curvesSpec(data, metrics, plotWidth, plotHeights, opts.title));
    const got = svgSize(svg);
    if (got.width === width && got.height === height) return svg;
    if (pass === PASSES) {
      check(Math.abs(got.width - width) <= PADDING && Math.abs(got.height - height) <= PADDING, tooSmall);
      return withSvgSize(svg, width, height);
    }
    plotWidth += width - got.width;
    // Whole pixels only: Vega rounds the figure size, so half-pixel panels would never add up.
    const extra = height - got.height;
    plotHeights.forEach((h, i) => (plotHeights[i] = h + splitEvenly(extra, metrics.length, i)));
    check(plotWidth >= MIN_PLOT_AREA && Math.min(...plotHeights) >= MIN_PLOT_AREA, tooSmall);
  }
}
