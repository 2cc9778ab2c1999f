/**
 * Renders a Vega-Lite spec to an SVG string in Node: vega-lite compiles it to a Vega spec, and a
 * headless Vega view (renderer 'none': no canvas, no DOM) draws the scenegraph as SVG.
 */
import { loadVega, type VegaLiteSpec } from './load';

export async function renderVegaLite(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * `svg` with its root element (and Vega's background rect just after it) resized to `width` ×
 * `height`: content keeps its place, the right and bottom margins grow or shrink.
 */
export function withSvgSize(svg: string, width: number, height: number): string {
  const old = svgSize(svg);
  const headEnd = svg.indexOf('<g');
  const head = svg
    .slice(0, headEnd)
    .replaceAll(`width="${old.width}" height="${old.height}"`, `width="${width}" height="${height}"`)
    .replace(`viewBox="0 0 ${old.width} ${old.height}"`, `viewBox="0 0 ${width} ${height}"`);
  return head + svg.slice(headEnd);
}

/** The width and height attributes of the root `<svg>` element, in CSS pixels. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\bwidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(root)?.[1]);
  return { width, height };
}
