import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// `npm run build:quick` (the demos) sets OTPKIT_QUICK_BUILD=1: JavaScript only, no declarations,
// which take most of the build's time. `npm pack` and `npm test` always build everything.
const quick = process.env.OTPKIT_QUICK_BUILD === '1';
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// One entry per subpath export. An entry whose source does not exist yet is skipped, so a
// half-built adapter never breaks the build of the others.
const candidates: Record<string, string> = {
  index: 'src/index.ts',
  errors: 'src/errors.ts',
  cli: 'src/cli/bin.ts',
  qr: 'src/adapters/qr.ts',
  redis: 'src/adapters/redis.ts',
  postgres: 'src/adapters/postgres.ts',
  testkit: 'src/adapters/testkit.ts',
  permissions: 'src/permissions/index.ts',
  enrollment: 'src/enrollment/index.ts',
};
const entry = Object.fromEntries(Object.entries(candidates).filter(([, file]) => existsSync(file)));
// The library's entries: everything but the command, which has no types to ship.
const libraryEntry = Object.fromEntries(Object.entries(entry).filter(([name]) => name !== 'cli'));

// Optional peer dependencies: always external, never bundled.
const peers = ['ioredis', 'redis', 'pg', 'qrcode'];

// Shared by both formats. No source maps: dist/ is unminified and readable, and maps would point
// at src/, which the package does not ship (docs/decisions/0700-no-source-maps.md). `node:`
// prefixes stay as written in src/ (tsup strips them by default).
const common = {
  dts: quick ? false : { entry: libraryEntry },
  sourcemap: false,
  target: 'node20',
  external: peers,
  removeNodeProtocol: false,
  define: { __OTPKIT_VERSION__: JSON.stringify(version) },
} as const;

export default defineConfig([
  {
    entry,
    format: ['esm'],
    ...common,
    clean: true,
  },
  {
    // CommonJS: the ESM-only runtime dependencies are bundled in, because esbuild's require()
    // wrapper around an ESM namespace breaks `base32Encode` on Node 20 (TOOLCHAIN.md, pitfall 1).
    entry: libraryEntry,
    format: ['cjs'],
    ...common,
    clean: false,
    noExternal: ['@noble/hashes', 'base32-encode', 'to-data-view'],
    // Shared chunks, as in the ESM build: one copy of each class (OtpkitError, PreparedKey), so
    // `instanceof` holds across subpaths such as `otpkit` and `otpkit/permissions`.
    splitting: true,
  },
]);
