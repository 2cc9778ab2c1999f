/**
 * mlp — the public API. Everything a user needs is exported from the package root.
 */
export * from './tensor';
export * from './layers';
export * from './optim';
export * from './train';
