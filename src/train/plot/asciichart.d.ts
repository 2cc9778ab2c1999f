/** The part of asciichart 1.5 we use (the package ships no types). */
declare module 'asciichart' {
  export interface PlotConfig {
    height?: number;
    min?: number;
    max?: number;
    offset?: number;
    padding?: string;
    format?: (x: number, i: number) => string;
  }
  export function plot(series: number[] | number[][], cfg?: PlotConfig): string;
}
