/**
 * The otpkit build under test: the TypeScript source (default), the ESM bundle or the CommonJS
 * bundle, chosen by OTPKIT_TARGET = src | esm | cjs (see vitest.config.ts). `otpkit` is the core
 * entry point; `errors` is `otpkit/errors` from the same build (the one home of the error classes).
 */
import { createRequire } from 'node:module';
import * as sourceErrors from '../../src/errors.js';
import * as source from '../../src/index.js';

export type Otpkit = typeof source;
export type OtpkitErrorsModule = typeof sourceErrors;
export const TARGET = process.env.OTPKIT_TARGET ?? 'src';

async function load<T>(name: 'index' | 'errors', fromSource: T): Promise<T> {
  if (TARGET === 'esm') return (await import(`../../dist/${name}.js` as string)) as T;
  if (TARGET === 'cjs') return createRequire(import.meta.url)(`../../dist/${name}.cjs`) as T;
  return fromSource;
}

export const otpkit: Otpkit = await load('index', source);
export const errors: OtpkitErrorsModule = await load('errors', sourceErrors);
