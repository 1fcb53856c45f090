/**
 * The otpkit build under test: the TypeScript source (default), the ESM bundle or the CommonJS
 * bundle, chosen by OTPKIT_TARGET = src | esm | cjs (see vitest.config.ts).
 */
import { createRequire } from 'node:module';
import * as source from '../../src/index.js';

export type Otpkit = typeof source;
export const TARGET = process.env.OTPKIT_TARGET ?? 'src';

async function load(): Promise<Otpkit> {
  if (TARGET === 'esm') return (await import('../../dist/index.js' as string)) as Otpkit;
  if (TARGET === 'cjs') return createRequire(import.meta.url)('../../dist/index.cjs') as Otpkit;
  return source;
}

export const otpkit: Otpkit = await load();
