import { defineConfig } from 'vitest/config';

// The core suite (test/core) runs three times: against the TypeScript source, the built ESM
// bundle and the built CommonJS bundle (test/core/target.ts picks by OTPKIT_TARGET). Everything
// else runs once against the source. `npm test` builds dist/ first (the pretest script).
const core = ['test/core/**/*.test.ts'];
// Source-only: slow, or reaching into src/ internals (the hash cross-check, the WebAssembly module).
const slow = ['test/core/interop.test.ts', 'test/core/hash-crosscheck.test.ts', 'test/core/sha512-wasm.test.ts'];

export default defineConfig({
  test: {
    // Budgeted for a loaded 2-core machine (load average near 30 measured while 8 sessions share
    // it): the 120,000-case hash cross-check took 31 s there. Speed is judged in bench/, never here.
    testTimeout: 120_000,
    // CI also writes a JSON report, from which .ci/run prints its plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.tmp/vitest-report.json' },
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'src', include: ['test/**/*.test.ts'], env: { OTPKIT_TARGET: 'src' } } },
      { extends: true, test: { name: 'dist-esm', include: core, exclude: slow, env: { OTPKIT_TARGET: 'esm' } } },
      { extends: true, test: { name: 'dist-cjs', include: core, exclude: slow, env: { OTPKIT_TARGET: 'cjs' } } },
    ],
  },
});
