// What the secrets benchmarks call in-process (bundled into .bench/ by `npm run bench`).
export { detectSecrets } from '../src/engines/secrets/detect';
