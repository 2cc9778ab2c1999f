/**
 * The library's version, written into every saved model (`generatedBy: 'mlp 0.1.0'`), read from the
 * package.json of the package this file belongs to (from src/ in a checkout, dist/src/ when built).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | null = null;

export function libraryVersion(): string {
  if (cached !== null) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mlp' && typeof pkg.version === 'string') return (cached = pkg.version);
    }
    if (path.dirname(dir) === dir) return (cached = 'unknown');
  }
}
