import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per subpath export. An entry whose source does not exist yet is skipped, so a
// half-built adapter never breaks the build of the others.
const candidates: Record<string, string> = {
  index: 'src/index.ts',
  errors: 'src/errors.ts',
  cli: 'src/cli/main.ts',
  qr: 'src/adapters/qr.ts',
  redis: 'src/adapters/redis.ts',
  postgres: 'src/adapters/postgres.ts',
  testkit: 'src/adapters/testkit.ts',
  permissions: 'src/permissions/index.ts',
  enrollment: 'src/enrollment/index.ts',
};
const entry = Object.fromEntries(Object.entries(candidates).filter(([, file]) => existsSync(file)));

// Optional peer dependencies: always external, never bundled.
const peers = ['ioredis', 'redis', 'pg', 'qrcode'];

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    external: peers,
  },
  {
    // CommonJS: the ESM-only runtime dependencies are bundled in, because esbuild's require()
    // wrapper around an ESM namespace breaks `base32Encode` on Node 20 (TOOLCHAIN.md, pitfall 1).
    entry: Object.fromEntries(Object.entries(entry).filter(([name]) => name !== 'cli')),
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: peers,
    noExternal: ['@noble/hashes', 'base32-encode', 'to-data-view'],
    // Shared chunks, as in the ESM build: one copy of each class (OtpkitError, PreparedKey), so
    // `instanceof` holds across subpaths such as `otpkit` and `otpkit/permissions`.
    splitting: true,
  },
]);
