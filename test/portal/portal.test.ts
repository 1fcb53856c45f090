/**
 * The client portal in a real browser (issue #14, item 4): Debian's Chromium driven by
 * playwright-core through the help page's flows. The QR code is read off a screenshot with
 * zbarimg and every code comes from oathtool, as a user's phone would make it. Runs once over
 * PGlite and once over PostgreSQL + Redis (when DATABASE_URL and REDIS_URL are set).
 * Screenshots of each step go to .tmp/portal/<storage>/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, REDIS_URL, runId } from '../stores/env.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  freshDataDir,
  MISSING,
  type Portal,
  removeDataDirs,
  scanQR,
  startPortal,
  TMP,
  totp,
  wrongCode,
} from './harness.js';

if (MISSING.length > 0) console.warn(`portal: the browser test is skipped, missing: ${MISSING.join(', ')}`);
if (!DATABASE_URL || !REDIS_URL) {
  console.warn('portal: DATABASE_URL or REDIS_URL is not set: the PostgreSQL + Redis run of the browser test is skipped');
}

const JOE = { email: 'joe@example.com', password: 'joe-demo-3522' };
const CONTACT = { email: 'contact@example.com', password: 'contact-demo-3523' };

interface Storage {
  name: string;
  env: () => Record<string, string>;
  cleanup?: () => Promise<void>;
}

const schema = `portal_${runId()}`;
const storages: Storage[] = [{ name: 'pglite', env: () => ({ PORTAL_DATA_DIR: freshDataDir('e2e') }) }];
if (DATABASE_URL && REDIS_URL) {
  storages.push({
    name: 'postgres-redis',
    env: () => ({
      DATABASE_URL: DATABASE_URL as string,
      REDIS_URL: REDIS_URL as string,
      PORTAL_DATA_DIR: freshDataDir('e2e-pg'),
      PORTAL_PG_SCHEMA: schema,
      PORTAL_REDIS_PREFIX: `otpkit-portal-${schema}:`,
    }),
    async cleanup() {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  });
}

describe.skipIf(MISSING.length > 0).each(storages)('portal in Chromium over $name', (storage) => {
  let portal: Portal;
  let browser: Browser;
  let joe: BrowserContext;
  let other: BrowserContext;
  const shots = join(TMP, storage.name);

  beforeAll(async () => {
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    portal = await startPortal(storage.env());
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: CHROMIUM_ARGS });
    joe = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    other = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    for (const context of [joe, other]) context.setDefaultTimeout(30_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    removeDataDirs();
    await storage.cleanup?.();
  });

  /** Clicks something that loads a page (a form button or a link) and waits for the new page. */
  async function submit(page: Page, selector: string): Promise<void> {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  }
  const text = async (locator: Locator): Promise<string> => ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

  const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
    await page.goto(`${portal.origin}/login`);
    await page.fill('input[name=email]', who.email);
    await page.fill('input[name=password]', who.password);
    await submit(page, 'button:has-text("Log in")');
  }

  async function logOut(page: Page): Promise<void> {
    await submit(page, 'button:has-text("Log out")');
    expect(await text(page.locator('h1'))).toBe('Log in');
  }

  /** Enable on View Profile: password → QR (scanned with zbarimg) → token from oathtool. */
  async function enroll(
    page: Page,
    who: { password: string },
    prefix: string,
  ): Promise<{ secret: string; step: number; recovery: string[] }> {
    await submit(page, 'button:has-text("Click to enable")');
    expect(await text(page.locator('dialog'))).toContain('To proceed, please verify your password');
    await shot(page, `${prefix}-1-enable-password`);
    await page.fill('dialog input[name=password]', who.password);
    await submit(page, 'dialog button:has-text("Continue")');
    expect(await text(page.locator('dialog'))).toContain(
      'Your secret key is shown below. Use your app to scan the barcode or enter the key manually.',
    );
    await shot(page, `${prefix}-2-enable-qr`);
    const qrFile = join(shots, `${prefix}-qr.png`);
    await page.locator('#qr').screenshot({ path: qrFile });
    const uri = new URL(scanQR(qrFile));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    const secret = uri.searchParams.get('secret') as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The key printed for typing is the same key, in groups.
    const shown = (await page.locator('#secret-key').textContent()) ?? '';
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})+$/);
    expect(shown.replace(/ /g, '')).toBe(secret);
    const { code, step } = await totp(secret);
    await page.fill('dialog input[name=token]', code);
    await submit(page, 'dialog button:has-text("Complete Enrollment")');
    expect(await text(page.locator('.flash.success'))).toBe('Success: Two-Factor Enrollment Complete');
    const recovery = await page.locator('#recovery-codes code').allTextContents();
    expect(recovery.length).toBe(10);
    expect(await text(page.locator('#authentication'))).toContain('Click to disable');
    await shot(page, `${prefix}-3-enrolled`);
    return { secret, step, recovery };
  }

  it('walks the help page: enable, log in with a code, replay, permissions, throttle and unlock, disable', async () => {
    const a = await joe.newPage();
    const b = await other.newPage();

    // Log in as the primary contact: View Profile with its AUTHENTICATION section.
    await logIn(a, JOE);
    expect(await text(a.locator('h1'))).toBe('View Profile');
    expect(await text(a.locator('#authentication'))).toContain('Password:');
    expect(await text(a.locator('#authentication'))).toContain('Click to change');
    expect(await text(a.locator('#authentication'))).toContain('Click to enable');
    await shot(a, '01-profile');

    // Contact Example has no Client Profile / View: no enable link, and the server refuses the route.
    await logIn(b, CONTACT);
    expect(await text(b.locator('h1'))).toBe('View Profile');
    expect(await b.locator('#authentication button').count()).toBe(0);
    const csrf = await b.locator('input[name=_csrf]').first().getAttribute('value');
    const refused = await b.request.post(`${portal.origin}/profile/two-factor/enable`, {
      form: { _csrf: csrf ?? '' },
      headers: { origin: portal.origin },
    });
    expect(refused.status()).toBe(403);

    // Joe enables two-factor.
    const joeKey = await enroll(a, JOE, '02-joe');

    // Log out, log in: the second step asks for the token. The code just used is refused.
    await logOut(a);
    await logIn(a, JOE);
    expect(await text(a.locator('h1'))).toBe('Two-Factor Authentication');
    const used = await totp(joeKey.secret, joeKey.step - 1, 0);
    if (used.step === joeKey.step) {
      await a.fill('input[name=token]', used.code);
      await submit(a, 'button:has-text("Verify")');
      expect(await text(a.locator('.flash.error'))).toBe('That code has already been used. Wait for the next code in your app.');
      await shot(a, '03-replay-refused');
    } else {
      console.warn('portal: the enrollment code’s step has passed; the replay check used the login code instead');
    }
    const login = await totp(joeKey.secret, joeKey.step);
    await a.fill('input[name=token]', login.code);
    await submit(a, 'button:has-text("Verify")');
    expect(await text(a.locator('h1'))).toBe('View Profile');
    if (used.step !== joeKey.step) {
      // Same check, on the code that logged in.
      await logOut(a);
      await logIn(a, JOE);
      await a.fill('input[name=token]', login.code);
      await submit(a, 'button:has-text("Verify")');
      expect(await text(a.locator('.flash.error'))).toBe('That code has already been used. Wait for the next code in your app.');
      await shot(a, '03-replay-refused');
      const again = await totp(joeKey.secret, login.step);
      await a.fill('input[name=token]', again.code);
      await submit(a, 'button:has-text("Verify")');
      expect(await text(a.locator('h1'))).toBe('View Profile');
    }

    // View Contacts, Edit Contact → Permissions: grant Contact Example Client Profile / View.
    await submit(a, 'a:has-text("View Contacts")');
    expect(await text(a.locator('table.contacts'))).toContain('Contact Example');
    expect(await text(a.locator('table.contacts thead'))).toMatch(/ID\s*Name\s*Title\s*Phone\s*Email\s*edit\s*deactivate/);
    expect(await a.locator('a:has-text("Download CSV File")').isVisible()).toBe(true);
    await shot(a, '04-view-contacts');
    await submit(a, 'tr:has-text("3523") a:has-text("edit")');
    await submit(a, 'a.tab:has-text("Permissions")');
    // The root row: four Inherit selects showing "(None)"; Website: View only, "-" for the rest.
    expect(await a.locator('tr[data-resource="client-portal"] .inherited').allTextContents()).toEqual([
      '(None)',
      '(None)',
      '(None)',
      '(None)',
    ]);
    expect(await a.locator('tr[data-resource="client-profile"] select').count()).toBe(4);
    expect(await a.locator('tr[data-resource="website"] td.na').count()).toBe(3);
    await a.selectOption('select[name="cell:client-profile:view"]', 'allow');
    await submit(a, 'button:has-text("Update")');
    expect(await text(a.locator('.flash.success'))).toBe('Success: Contact updated.');
    expect(await a.locator('select[name="cell:client-profile:view"]').inputValue()).toBe('allow');
    // Inherited below: Two-Factor Authentication / View now shows (Allow).
    expect(await text(a.locator('tr[data-resource="two-factor"] td').first())).toContain('(Allow)');
    await shot(a, '05-contact-updated');

    // Contact Example may now enroll.
    await b.goto(`${portal.origin}/profile`);
    const contactKey = await enroll(b, CONTACT, '06-contact');

    // Wrong codes at login are throttled, with the retry time on the page.
    await logOut(b);
    await logIn(b, CONTACT);
    expect(await text(b.locator('h1'))).toBe('Two-Factor Authentication');
    let throttled = false;
    for (let i = 0; i < 8 && !throttled; i++) {
      await b.fill('input[name=token]', wrongCode(contactKey.secret));
      await submit(b, 'button:has-text("Verify")');
      const text = (await b.locator('.flash.error').textContent()) ?? '';
      throttled = /Too many wrong codes\. Try again in \d+ seconds\./.test(text);
      if (!throttled) expect(text).toBe('That code is not valid. Check your app and try again.');
    }
    expect(throttled).toBe(true);
    await shot(b, '07-throttled');
    // Even the right code is refused while the lock runs.
    const blocked = await totp(contactKey.secret, contactKey.step);
    await b.fill('input[name=token]', blocked.code);
    await submit(b, 'button:has-text("Verify")');
    expect(await text(b.locator('.flash.error'))).toContain('Too many wrong codes. Try again in');

    // The primary contact unlocks Contact Example.
    await a.goto(`${portal.origin}/contacts/3523/edit?tab=unlock`);
    expect(await text(a.locator('#lock-status'))).toContain('Locked');
    await shot(a, '08-unlock');
    await submit(a, 'button:has-text("Unlock")');
    expect(await text(a.locator('.flash.success'))).toBe('Success: Contact unlocked.');
    expect(await text(a.locator('#lock-status'))).toBe('Not locked.');

    const unlocked = await totp(contactKey.secret, blocked.step);
    await b.fill('input[name=token]', unlocked.code);
    await submit(b, 'button:has-text("Verify")');
    expect(await text(b.locator('h1'))).toBe('View Profile');

    // Contact Example disables two-factor.
    await submit(b, 'button:has-text("Click to disable")');
    expect(await text(b.locator('dialog h2'))).toBe('Disable Two-Factor Authentication');
    expect(await text(b.locator('dialog'))).toContain('To proceed, please verify your password');
    await b.fill('dialog input[name=password]', CONTACT.password);
    await shot(b, '09-disable-password');
    await submit(b, 'dialog button:has-text("Disable Two-Factor Authentication")');
    expect(await text(b.locator('.flash.success'))).toBe('Success: Two-Factor Has Been Disabled');
    expect(await text(b.locator('#authentication'))).toContain('Click to enable');
    await shot(b, '10-disabled');

    // Joe logs in with a recovery code (lost phone); the same code works only once.
    await logOut(a);
    await logIn(a, JOE);
    await a.click('summary');
    await a.fill('input[name=code]', joeKey.recovery[0] as string);
    await submit(a, 'button:has-text("Use recovery code")');
    expect(await text(a.locator('h1'))).toBe('View Profile');
    expect(await text(a.locator('#authentication'))).toContain('9 recovery codes left');
  }, 420_000);
});
