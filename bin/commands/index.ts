/**
 * The commands of `mlp`, one file each, registered in this order (the order of `mlp --help`).
 * Adding a command is one line here: `export { register as NAME } from './NAME';`, where the file
 * exports `register(program: Command): void`.
 */
export { register as train } from './train';
export { register as evaluate } from './evaluate';
export { register as predict } from './predict';
export { register as compare } from './compare';
export { register as gradcheck } from './gradcheck';
export { register as plot } from './plot';
export { register as lecture } from './lecture';
export { register as explain } from './explain';
export { register as trace } from './trace';
