/**
 * Crash-safe writes. A file is written under a temporary name in the same folder, flushed to the
 * disk (fsync), then renamed to its final name; rename(2) inside one file system replaces the
 * target atomically, so a reader — or the next run after a kill or a power cut — finds the old file
 * or the complete new one, never a prefix. The folder is fsynced after renames so the names
 * themselves are on disk too.
 *
 * A model folder is committed the same way as a whole (see save.ts): the payload files get fresh
 * names, and model.json, renamed last, is the one file that makes them current.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let counter = 0;

/** `<target>.tmp-<pid>-<n>`: unique per process and call, recognisable for clean-up. */
export function tempPath(target: string): string {
  counter += 1;
  return `${target}.tmp-${process.pid}-${counter}`;
}

const TEMP = /\.tmp-(\d+)-\d+$/;

export function writeFileAtomic(target: string, data: Uint8Array | string): void {
  const tmp = tempPath(target);
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    removeQuietly(tmp);
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
}

/** Flushes a folder's entries (new names, renames). Some systems cannot open a folder: skipped there. */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // EINVAL/EPERM where folders cannot be fsynced (some file systems, Windows): nothing more to do.
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `dir` (and parents), flushing each new entry into its parent folder. */
export function makeDirDurable(dir: string): void {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent) && parent !== dir) makeDirDurable(parent);
  try {
    fs.mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw e;
  }
  fsyncDir(parent);
}

export function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files left in `dir` by writers that are no longer running (killed mid-write). */
export function removeAbandonedTemps(dir: string, names: string[]): void {
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m && !isRunning(Number(m[1]))) removeQuietly(path.join(dir, name));
  }
}
