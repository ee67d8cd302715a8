// Every op of the engine, in one import.
export * from './unary';
export * from './scalar';
export * from './binary';
export * from './reduce';
export * from './movement';
export * from './matmul';
export * from './nnOps';
export * from './heads';
export * from './geluLinear';
export * from './composite';
