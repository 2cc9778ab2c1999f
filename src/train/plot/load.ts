/**
 * Loads the ESM-only charting packages `vega` and `vega-lite` from our CommonJS build.
 *
 * With `module: node16` TypeScript keeps `await import('vega')` as a real dynamic `import()` in the
 * emitted CommonJS (it does not rewrite it to `require`), so Node loads the ES modules natively.
 * The promise is cached: the packages are parsed once per process, and code that never draws a
 * figure never pays for them.
 */
const importBoth = async () => [await import('vega'), await import('vega-lite')] as const;

export type Vega = Awaited<ReturnType<typeof importBoth>>[0];
export type VegaLite = Awaited<ReturnType<typeof importBoth>>[1];

let loading: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

export function loadVega(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  loading ??= importBoth().then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return loading;
}

/** A Vega-Lite top-level specification, and one view of a `vconcat` (a panel of a figure). */
export type VegaLiteSpec = Parameters<VegaLite['compile']>[0];
export type VegaLitePanel = Extract<VegaLiteSpec, { vconcat: unknown }>['vconcat'][number];
