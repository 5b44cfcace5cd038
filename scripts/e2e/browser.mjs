// Launches Debian's Chromium through playwright-core (installed in the e2e cache, not in the project's
// node_modules). Playwright's own browser download does not work without network; the system Chromium
// does, with the flags below (the design notes, section 5: no sandbox as root, no GPU in a container,
// and nothing that phones home).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A window large enough that the editor, the Problems panel and a side-by-side editor all fit. */
export const VIEWPORT = { width: 1600, height: 1000 };

export function findChromium() {
  const candidates = [process.env.E2E_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`no Chromium found (tried ${candidates.join(', ')}); run scripts/e2e/install.sh or set E2E_CHROMIUM`);
  return found;
}

export async function launchBrowser(cacheDir) {
  const require = createRequire(join(cacheDir, 'node', 'package.json'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS, headless: true });
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  // The clipboard lets the steps read an editor's whole text (the DOM renders only the visible lines).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  return { browser, page };
}
