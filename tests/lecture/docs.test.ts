/**
 * The docs quote the source, not a copy: every generated block of docs/how-it-works.md and
 * docs/reference.md must equal what `mlp explain --update-docs` would write now (link line numbers
 * aside), reference.md must cover every topic, and every relative link must point at a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { docBlocks, renderDocs, withoutLineNumbers } from '../../src/train/explain/docs';
import { allTopics } from '../../src/train/explain/topics';

const DOCS = join(__dirname, '..', '..', 'docs');
const FILES = ['how-it-works.md', 'reference.md'];

describe('docs generated from the source', () => {
  test.each(FILES)('%s: every generated block matches its source (run `mlp explain --update-docs docs/%s` if not)', (file) => {
    const text = readFileSync(join(DOCS, file), 'utf8');
    const now = new Map(docBlocks(renderDocs(text)));
    const blocks = docBlocks(text);
    expect(blocks.length).toBeGreaterThan(5);
    for (const [marker, block] of blocks)
      expect([marker, withoutLineNumbers(block)]).toEqual([marker, withoutLineNumbers(now.get(marker)!)]);
  });

  test('reference.md has a block for every topic', () => {
    const markers = new Set(docBlocks(readFileSync(join(DOCS, 'reference.md'), 'utf8')).map(([m]) => m));
    for (const t of allTopics()) expect(markers).toContain(`explain:${t.name}`);
  });

  test.each([...FILES, 'lecture.md'])('%s: relative links point at existing files', (file) => {
    const path = join(DOCS, file);
    if (!existsSync(path)) return; // lecture.md is written after the full runs
    const text = readFileSync(path, 'utf8');
    const links = [...text.matchAll(/\]\(((?!https?:)[^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect([link, existsSync(join(dirname(path), link))]).toEqual([link, true]);
  });

  test('a changed header is detected', () => {
    const text = readFileSync(join(DOCS, 'how-it-works.md'), 'utf8').replaceAll('dW = xᵀ·dz', 'dW = x·dz');
    const now = new Map(docBlocks(renderDocs(text)));
    const stale = docBlocks(text).filter(([m, b]) => withoutLineNumbers(b) !== withoutLineNumbers(now.get(m)!));
    expect(stale.map(([m]) => m)).toEqual(['explain:Dense']);
  });
});
