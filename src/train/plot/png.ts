/**
 * SVG → PNG with resvg (a Rust SVG renderer, prebuilt for each platform; no canvas, no browser).
 *
 * resvg draws text only with fonts it has loaded. The SVG from Vega asks for `sans-serif`; we map
 * that to DejaVu Sans, found by file name in the folders fontconfig searches on Linux (Debian and
 * Ubuntu ship it as fonts-dejavu-core, present here in /usr/share/fonts/truetype/dejavu). Loading
 * two known files instead of every system font keeps a render fast and the same on every machine
 * that has them. Without DejaVu (macOS, Windows, a bare container) resvg falls back to scanning the
 * system fonts with its default families (Arial for sans-serif); a machine with no fonts at all
 * gets a PNG without text, so install fonts-dejavu-core there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { check } from '../../tensor/errors';

const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', join(homedir(), '.local/share/fonts'), join(homedir(), '.fonts')];
const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

let fontOptions: ResvgRenderOptions['font'] | undefined;

/** The resvg font options, looked up once per process. */
function fonts(): ResvgRenderOptions['font'] {
  if (fontOptions !== undefined) return fontOptions;
  const found = new Map<string, string>();
  for (const dir of FONT_DIRS.filter((d) => existsSync(d))) {
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const name = basename(entry);
      if (FONT_FILES.includes(name) && !found.has(name)) found.set(name, join(dir, entry));
    }
  }
  const fontFiles = [...found.values()];
  fontOptions = found.has(FONT_FILES[0])
    ? { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY }
    : { loadSystemFonts: true };
  return fontOptions;
}

/** Rasterises `svg` at `scale` device pixels per SVG pixel (2 for a sharp figure on a HiDPI screen). */
export async function svgToPng(svg: string, opts: { scale?: number } = {}): Promise<Buffer> {
  const scale = opts.scale ?? 1;
  check(Number.isFinite(scale) && scale > 0 && scale <= 16, `svgToPng: scale must be a number in (0, 16], got ${scale}`);
  const options = { fitTo: { mode: 'zoom', value: scale }, font: fonts(), logLevel: 'error' } as const;
  const image = await renderAsync(svg, options);
  return image.asPng();
}
