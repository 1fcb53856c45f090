/**
 * The built package as users get it: `require('otpkit')` and `import('otpkit')` resolve through
 * the exports map (a package may import itself by name) and compute the RFC 4226 Appendix D
 * code. Guards TOOLCHAIN.md pitfall 1 (CJS + ESM-only dependencies), which publint and attw miss.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const script = (kind: 'cjs' | 'esm') =>
  kind === 'cjs'
    ? `const o = require('otpkit'); const k = new TextEncoder().encode('12345678901234567890');
       console.log(o.generateHOTP(k, 0), o.encodeSecret(k), o.decodeSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').length)`
    : `const o = await import('otpkit'); const k = new TextEncoder().encode('12345678901234567890');
       console.log(o.generateHOTP(k, 0), o.encodeSecret(k), o.decodeSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').length)`;

describe('built package', () => {
  for (const kind of ['cjs', 'esm'] as const) {
    it(`${kind === 'cjs' ? 'require' : 'import'}('otpkit') computes RFC 4226 Appendix D's first code`, () => {
      const args = kind === 'cjs' ? ['-e', script(kind)] : ['--input-type=module', '-e', script(kind)];
      const out = execFileSync(process.execPath, args, { cwd: root }).toString().trim();
      expect(out).toBe('755224 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ 20');
    });
  }

  it('resolves require and import to the CommonJS and ESM files', () => {
    const require = createRequire(new URL('package.json', root));
    expect(require.resolve('otpkit')).toMatch(/dist\/index\.cjs$/);
    expect(import.meta.resolve('otpkit')).toMatch(/dist\/index\.js$/);
  });

  it('packs dist, sql and docs but no sources or tests', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root }).toString());
    const files: string[] = pack.files.map((f: { path: string }) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.cjs');
    expect(files).toContain('dist/index.d.cts');
    expect(files).toContain('dist/cli.js');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('bench/'))).toEqual([]);
  });
});

describe('one class per error across subpaths', () => {
  for (const kind of ['cjs', 'esm'] as const) {
    it(`${kind}: errors from otpkit/permissions and otpkit are instances of the classes of otpkit/errors`, () => {
      const load = (name: string) => (kind === 'cjs' ? `require('${name}')` : `await import('${name}')`);
      const body = `const errors = ${load('otpkit/errors')};
        const core = ${load('otpkit')};
        const perms = ${load('otpkit/permissions')};
        const out = [];
        try { perms.parsePermissionModel('{'); out.push('no throw'); }
        catch (e) { out.push(e instanceof errors.OtpkitError, e instanceof errors.InvalidPermissionModelError, e.code); }
        try { core.decodeSecret('!'); out.push('no throw'); }
        catch (e) { out.push(e instanceof errors.InvalidSecretError, errors.isOtpkitError(e)); }
        console.log(out.join(' '));`;
      const args = kind === 'cjs' ? ['-e', body] : ['--input-type=module', '-e', body];
      const out = execFileSync(process.execPath, args, { cwd: root }).toString().trim();
      expect(out).toBe('true true ERR_INVALID_PERMISSION_MODEL true true');
    });
  }
});
