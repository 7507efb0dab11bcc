import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every function is bundled: ESM with module-first resolution (tree-shakes our dependencies), and a
 * banner that gives ESM bundles the `require` some CommonJS dependencies still call (without it the bundle
 * crashes at load). The AWS SDK v3 is left to the Node.js 22 runtime, which ships it: bundling its three
 * clients would double each function's size (≈ 800 KB) and its cold start for code already on disk.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: ['@aws-sdk/*'],
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};
