/**
 * Splits a flags string ("--lr 0.2 --hidden '256,256'") into arguments the way a POSIX shell
 * would for plain words, single quotes, double quotes and backslash escapes (no variables, no
 * globbing): `mlp compare --run "<train flags>"` passes each run's flags as one string.
 */
import { MlpError } from '../src/tensor/errors';

export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw new MlpError('BAD_ARGUMENT', `unterminated ${quote} quote in "${text}"`);
  if (inWord) args.push(current);
  return args;
}
