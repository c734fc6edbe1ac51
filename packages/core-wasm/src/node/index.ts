export { KernelPool, type KernelPoolOptions } from './pool.js';
