export * from './losses';
export * from './metrics';
export * from './sequential';
export * from './gradcheck';
