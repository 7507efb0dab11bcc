import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every function is bundled. ESM with module-first resolution lets esbuild drop unused SDK code; the
 * banner gives ESM bundles the `require` that some CommonJS dependencies still call (without it the
 * bundle crashes at load). The SDK is bundled rather than taken from the runtime, so the code that runs
 * is the code that was tested.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};
