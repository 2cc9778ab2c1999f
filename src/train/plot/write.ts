/**
 * `writePlot`: the training-curve figure written as FILE.svg and FILE.png. Each file is written to a
 * temporary name in the same folder and then renamed over the target, so a reader (or a crash in
 * the middle) never sees half a file: rename within one file system is atomic.
 */
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { check, MlpError } from '../../tensor/errors';
import { plotHistorySvg, type PlotOptions } from './curves';
import type { PlotRun } from './history';
import { svgToPng } from './png';

let tempCounter = 0;

async function writeAtomic(path: string, content: string | Buffer): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${tempCounter++}`;
  try {
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new MlpError('BAD_ARGUMENT', `writePlot: cannot write ${path}: ${(err as Error).message}`);
  }
}

/** Writes `out`.svg and `out`.png (a trailing .svg or .png on `out` is ignored); creates the folder. */
export async function writePlot(runs: PlotRun[], outPathWithoutExt: string, opts?: PlotOptions): Promise<{ svg: string; png: string }> {
  check(typeof outPathWithoutExt === 'string' && outPathWithoutExt.length > 0, 'writePlot: the output path must be a non-empty string');
  const base = outPathWithoutExt.replace(/\.(svg|png)$/i, '');
  const svg = await plotHistorySvg(runs, opts);
  const png = await svgToPng(svg);
  const paths = { svg: `${base}.svg`, png: `${base}.png` };
  await mkdir(dirname(base), { recursive: true }).catch((err: Error) => {
    throw new MlpError('BAD_ARGUMENT', `writePlot: cannot create the folder ${dirname(base)}: ${err.message}`);
  });
  await writeAtomic(paths.svg, svg);
  await writeAtomic(paths.png, png);
  return paths;
}
