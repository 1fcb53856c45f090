// Bundled by runtimes.test.ts with the built package (dist/index.js) into one ES module per
// mode (`__OTPKIT_SUITE_MODE__`); each runtime runs it and reports through `report`.
import * as otpkit from '../../dist/index.js';
import { runSuite } from './suite.js';

/** Runs the suite once; resolves to its JSON text. */
export function suiteJSON() {
  return runSuite(otpkit, __OTPKIT_SUITE_MODE__).then((result) => JSON.stringify(result));
}
