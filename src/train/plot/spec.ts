/**
 * The Vega-Lite spec of the lecture's training-curve figure: value against epoch, one colour per
 * run, a solid line for training and a dashed one for validation, and one legend naming run and
 * split. With two metrics the panels are stacked, loss above accuracy, like the lecture's
 * `plt.subplot(2, 1, 1)` / `plt.subplot(2, 1, 2)`, sharing the epoch axis and the legend.
 */
import type { CurveData, Metric } from './history';
import type { VegaLitePanel, VegaLiteSpec } from './load';

/** Blank margin around the figure, in pixels. */
export const PADDING = 5;
// Legend symbol, its offset and the label padding, in pixels.
const LEGEND_SYMBOL_WIDTH = 20;

/** One panel of `width` × `height` plot-area pixels (axes and legend come on top of that). */
function panel(data: CurveData, metric: Metric, width: number, height: number): VegaLitePanel {
  const names = data.series.map((s) => s.name);
  // Colour and dash are both keyed on the series name, so Vega-Lite merges them into one legend
  // whose symbols show both the run's colour and the split's dash. It sits below the plots in one
  // column, so its height adds to the figure's (the size correction in curves.ts relies on that),
  // and labels longer than the plot is wide end in "…" (Vega, without a canvas, estimates text at
  // 0.8 em per character, so they are cut somewhat early).
  const legend = {
    title: null,
    orient: 'bottom',
    direction: 'vertical',
    symbolType: 'stroke',
    symbolStrokeWidth: 2,
    labelLimit: Math.max(1, width - LEGEND_SYMBOL_WIDTH),
  } as const;
  return {
    width,
    height,
    data: { values: data.rows[metric] },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      // A domain of at least [1, 2] so that a single-epoch run still has an axis.
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'epoch',
        scale: { domain: [1, Math.max(2, data.epochs)] },
        axis: { tickMinStep: 1, format: 'd' },
      },
      y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: names, range: data.series.map((s) => s.color) },
        legend,
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        scale: { domain: names, range: data.series.map((s) => s.dash) },
        legend,
      },
    },
  };
}

/** The whole figure: one panel per metric, top to bottom, `heights[i]` tall. */
export function curvesSpec(data: CurveData, metrics: Metric[], width: number, heights: number[], title?: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title === undefined ? {} : { title: { text: title, limit: width } }),
    background: 'white',
    padding: PADDING,
    vconcat: metrics.map((metric, i) => panel(data, metric, width, heights[i])),
    resolve: { scale: { x: 'shared' } },
  };
}
