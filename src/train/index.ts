export * from './losses';
export * from './metrics';
export * from './sequential';
export * from './gradcheck';
export * from './experiment';
export * from './fit';
export * from './history';
export { ProgbarLogger, formatValue } from './progress';
export * from './callbacks';
