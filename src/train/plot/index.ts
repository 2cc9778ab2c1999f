/**
 * Figures: the lecture's training curves (loss and accuracy against epoch, training solid and
 * validation dashed, one colour per run) as SVG and PNG, the same curve as text for a terminal, and
 * a grid of digit images. Vega-Lite → Vega → SVG, then resvg → PNG; no browser, no canvas.
 */
export type { PlotRun } from './history';
export { plotHistorySvg, type PlotOptions } from './curves';
export { svgToPng } from './png';
export { writePlot } from './write';
export { terminalCurve } from './terminal';
export { digitGridPng, type DigitGridOptions } from './digits';
