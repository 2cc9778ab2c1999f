/**
 * `mlp explain`: every registered optimizer, activation, regularizer, loss and layer can be
 * explained; the text is the implementing file's header (not a copy), the defaults are the code's,
 * and the line range points at the declaration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationNames, getActivation, layerClassNames } from '../../src/layers';
import { getOptimizer, optimizerNames } from '../../src/optim';
import { MlpError } from '../../src/tensor/errors';
import { explain, formatIndex, topicMarkdown } from '../../src/train/explain/explain';
import { headerComment } from '../../src/train/explain/source';
import { allTopics, findTopics } from '../../src/train/explain/topics';
import { register } from '../../bin/commands/explain';
import { runCommand } from './helpers';

const ROOT = join(__dirname, '..', '..');
const lines = (file: string): string[] => readFileSync(join(ROOT, file), 'utf8').split('\n');

describe('explain', () => {
  test('every registry name has a topic with a source range that holds its declaration', () => {
    for (const name of [...optimizerNames, ...activationNames, ...layerClassNames, 'l1', 'l2', 'l1l2', 'categorical_crossentropy', 'mse']) {
      const topics = findTopics(name);
      expect(topics.length).toBeGreaterThan(0);
      for (const t of topics) {
        const r = t.where();
        expect(r).not.toBeNull();
        const text = lines(r!.file)
          .slice(r!.start - 1, r!.end)
          .join('\n');
        // The range starts at the declaration and ends at its closing line.
        expect(text.split('\n')[0]).toMatch(/^(export )?(class|const|function|abstract class)\b/);
        expect(text.split('\n').pop()).toMatch(/^[}\]]|;$/);
      }
    }
  });

  test('adam: the text is the header comment of src/optim/adam.ts, the defaults are the class defaults', () => {
    const text = explain('adam');
    const header = headerComment('src/optim/adam.ts')!;
    const updateLine = lines('src/optim/adam.ts').find((l) => l.includes('θ ← θ − alpha·m'))!;
    expect(header.join('\n')).toContain(updateLine.replace(/^ \* ?/, ''));
    for (const l of header) if (l.trim()) expect(text).toContain(l.trim());
    expect(text).toMatch(/implemented in src\/optim\/adam\.ts:\d+-\d+/);
    const adam = getOptimizer('adam');
    expect(text).toContain(`learningRate=${adam.learningRate}`);
    expect(text).toContain('beta2=0.999');
  });

  test('an activation prints its formula and derivative strings from activations.ts', () => {
    const text = explain('sigmoid');
    expect(text).toContain(getActivation('sigmoid').formula);
    expect(text).toContain(getActivation('sigmoid').derivative);
    expect(text).toContain('src/layers/activations.ts:');
  });

  test('names match case- and separator-insensitively; leaky-relu is an activation and a layer', () => {
    const kinds = findTopics('Leaky-ReLU')
      .map((t) => t.kind)
      .sort();
    expect(kinds).toEqual(['activation', 'layer']);
    expect(findTopics('ADAM')[0].name).toBe('adam');
    expect(explain('dropout')).toContain('required: rate');
    expect(explain('l2')).toContain('l2=0.01');
  });

  test('an unknown name is an MlpError that lists the valid names', () => {
    expect(() => explain('adamm')).toThrow(MlpError);
    expect(() => explain('adamm')).toThrow(/valid names: .*sgd.*sigmoid.*l2.*Dense/);
  });

  test('the index lists every kind; Markdown links the declaration lines', () => {
    const index = formatIndex();
    for (const n of ['sgd', 'relu', 'l1l2', 'categorical_crossentropy', 'PReLU']) expect(index).toContain(n);
    const md = topicMarkdown(allTopics().find((t) => t.name === 'Dense')!);
    expect(md).toMatch(/\(\.\.\/src\/layers\/dense\.ts#L\d+-L\d+\)/);
    expect(md).toContain('dW = xᵀ·dz');
  });

  test('the command prints the explanation', async () => {
    expect(await runCommand(register, ['explain', 'sgd'])).toContain('momentum:              m ← momentum·m − lr·g');
  });
});
