export * from './errors';
export * from './tensor';
export * from './rng';
export * from './param';
export * from './ops';
export * from './backend';
export { matmulJs } from './matmul';
