/**
 * Loads restify without its start-up noise. restify pulls in spdy → http-deceiver, which touches
 * `process.binding('http_parser')` when it is first loaded; Node 20 answers with a DEP0111
 * DeprecationWarning on stderr. The warning is harmless (we never use spdy), so exactly that one
 * warning is filtered out while restify loads; every other warning passes through untouched.
 * Import restify through this module only.
 */
import { createRequire } from 'node:module';

type Restify = typeof import('restify');

function isHttpParserDeprecation(warning: string | Error, rest: unknown[]): boolean {
  const [typeOrOptions, code] = rest;
  const optionsCode =
    typeof typeOrOptions === 'object' && typeOrOptions !== null && 'code' in typeOrOptions
      ? typeOrOptions.code
      : undefined;
  const warningCode =
    (warning instanceof Error && 'code' in warning ? warning.code : undefined) ?? optionsCode;
  return (code ?? warningCode) === 'DEP0111';
}

function loadRestify(): Restify {
  const require = createRequire(import.meta.url);
  const originalEmitWarning = process.emitWarning;
  const filtered = function emitWarning(this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    if (isHttpParserDeprecation(warning, rest)) {
      return;
    }
    return Reflect.apply(originalEmitWarning, this, [warning, ...rest]);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
  try {
    return require('restify') as Restify;
  } finally {
    process.emitWarning = originalEmitWarning;
  }
}

/** The restify module (CommonJS), loaded once. */
export const restify: Restify = loadRestify();
