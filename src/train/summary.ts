/**
 * `model.summary()`: the Keras-like table of layers, output shapes and parameter counts.
 */
import type { Sequential } from './sequential';

const WIDTHS = [28, 24, 12];

function row(cells: string[]): string {
  return cells
    .map((c, i) => c.padEnd(WIDTHS[i]))
    .join(' ')
    .trimEnd();
}

export function formatSummary(model: Sequential): string {
  const count = (params: { value: { length: number } }[]): number => params.reduce((s, p) => s + p.value.length, 0);
  const rows = model.layers.map((l) =>
    row([`${l.name} (${l.className})`, `(None, ${l.outputShape.join(', ')})`, String(count(l.params()))]),
  );
  const total = count(model.params()).toLocaleString('en-US');
  const rule = '─'.repeat(WIDTHS[0] + WIDTHS[1] + WIDTHS[2] + 2);
  return [
    `Model: "${model.name}"`,
    rule,
    row(['Layer (type)', 'Output Shape', 'Param #']),
    rule.replace(/─/g, '═'),
    ...rows,
    rule,
    `Total params: ${total}`,
    `Trainable params: ${total}`,
    'Non-trainable params: 0',
  ].join('\n');
}
