/**
 * `digitGridPng`: small gray images in a grid, e.g. digits next to their rotated copies (the
 * lecture's data expansion), drawn as a Vega-Lite chart of one rect per lit pixel (scale: null,
 * so the fields are pixel positions) and rasterised by resvg.
 *
 * Pixel values: a Uint8Array holds 0..255, a Float32Array holds 0..1 (clamped to it); 0 is black
 * and the maximum is white, like matplotlib's `imshow(img, cmap='gray')` of an MNIST digit.
 *
 * Layout, in PNG pixels, with gridCols = min(columns, images.length) and
 * gridRows = ceil(images.length / gridCols):
 *   width  = GAP + gridCols · (cols · scale + GAP)
 *   height = GAP + gridRows · (rows · scale + captionHeight + GAP)
 * where captionHeight = CAPTION_HEIGHT with captions and 0 without; captions sit under each image.
 */
import { check } from '../../tensor/errors';
import type { VegaLiteSpec } from './load';
import { svgToPng } from './png';
import { renderVegaLite } from './render';

export const GAP = 4;
export const CAPTION_HEIGHT = 14;
const MAX_SIDE = 16384;

export interface DigitGridOptions {
  columns?: number;
  scale?: number;
  captions?: string[];
}

// '#000000' … '#ffffff', one per byte value.
const GRAY = Array.from({ length: 256 }, (_, v) => `#${v.toString(16).padStart(2, '0').repeat(3)}`);

const positionEncoding = {
  x: { field: 'x', type: 'quantitative', scale: null },
  x2: { field: 'x2' },
  y: { field: 'y', type: 'quantitative', scale: null },
  y2: { field: 'y2' },
} as const;

/** The byte 0..255 of pixel `i`. */
function byteAt(image: Uint8Array | Float32Array, i: number): number {
  return image instanceof Uint8Array ? image[i] : Math.round(255 * Math.min(1, Math.max(0, image[i])));
}

export async function digitGridPng(
  images: Uint8Array[] | Float32Array[],
  rows: number,
  cols: number,
  opts: DigitGridOptions = {},
): Promise<Buffer> {
  const n = Array.isArray(images) ? images.length : 0;
  const scale = opts.scale ?? 4;
  const gridCols = Math.min(opts.columns ?? 10, n);
  check(n > 0, 'digitGridPng: images must be a non-empty array of Uint8Array or Float32Array');
  check(
    Number.isInteger(rows) && rows > 0 && Number.isInteger(cols) && cols > 0,
    `digitGridPng: rows and cols must be positive integers, got ${rows}×${cols}`,
  );
  check(
    Number.isInteger(scale) && scale >= 1 && scale <= 64,
    `digitGridPng: scale must be an integer in [1, 64] (pixels per image pixel), got ${scale}`,
  );
  check(Number.isInteger(gridCols) && gridCols >= 1, `digitGridPng: columns must be a positive integer, got ${opts.columns}`);
  check(
    opts.captions === undefined || opts.captions.length === n,
    `digitGridPng: captions must have one string per image (${n}), got ${opts.captions?.length}`,
  );
  images.forEach((image, k) => {
    check(
      (image instanceof Uint8Array || image instanceof Float32Array) && image.length === rows * cols,
      `digitGridPng: image ${k} must be a Uint8Array or Float32Array of rows·cols = ${rows * cols} values, got ${image?.length}`,
    );
    check(image instanceof Uint8Array || image.every(Number.isFinite), `digitGridPng: image ${k} has NaN or infinite pixels`);
  });
  const captionHeight = opts.captions === undefined ? 0 : CAPTION_HEIGHT;
  const cellWidth = cols * scale + GAP;
  const cellHeight = rows * scale + captionHeight + GAP;
  const width = GAP + gridCols * cellWidth;
  const height = GAP + Math.ceil(n / gridCols) * cellHeight;
  check(
    width <= MAX_SIDE && height <= MAX_SIDE,
    `digitGridPng: the grid would be ${width}×${height} pixels, over ${MAX_SIDE} a side; use fewer images, more columns or a smaller scale`,
  );

  const frames: object[] = [];
  const pixels: object[] = [];
  const captions: object[] = [];
  images.forEach((image: Uint8Array | Float32Array, k: number) => {
    const left = GAP + (k % gridCols) * cellWidth;
    const top = GAP + Math.floor(k / gridCols) * cellHeight;
    frames.push({ x: left, x2: left + cols * scale, y: top, y2: top + rows * scale });
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = byteAt(image, r * cols + c);
        if (v === 0) continue; // the black frame already shows it
        const x = left + c * scale;
        const y = top + r * scale;
        pixels.push({ x, x2: x + scale, y, y2: y + scale, gray: GRAY[v] });
      }
    }
    if (opts.captions) {
      captions.push({ x: left + (cols * scale) / 2, y: top + rows * scale + 2, text: opts.captions[k] });
    }
  });

  const spec: VegaLiteSpec = {
    width,
    height,
    autosize: 'none',
    padding: 0,
    background: 'white',
    config: { view: { stroke: null } },
    layer: [
      { data: { values: frames }, mark: { type: 'rect', fill: 'black' }, encoding: positionEncoding },
      {
        data: { values: pixels },
        mark: { type: 'rect' },
        encoding: { ...positionEncoding, fill: { field: 'gray', type: 'nominal', scale: null } },
      },
      {
        data: { values: captions },
        mark: { type: 'text', align: 'center', baseline: 'top', fontSize: 11 },
        encoding: {
          x: positionEncoding.x,
          y: positionEncoding.y,
          text: { field: 'text', type: 'nominal' },
        },
      },
    ],
  };
  return svgToPng(await renderVegaLite(spec));
}
