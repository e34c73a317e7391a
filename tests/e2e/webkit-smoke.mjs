// WebKit smoke test (Safari's engine): drives WebKitGTK's MiniBrowser through Debian's
// WebKitWebDriver, under Xvfb (WebKitGTK has no headless mode), with the raw W3C WebDriver API
// (tests/e2e/webdriver.mjs; Playwright's WebKit is a patched build we cannot download), against
// dist/ served on 127.0.0.1 with the strict CSP. The same checks as the Firefox tier: views,
// filter, detail, history, keyboard, the embed height message and a sandboxed frame's links.
//
//   node tests/e2e/webkit-smoke.mjs        (scripts/webkit.sh installs webkit2gtk-driver and xvfb)
//
// Env: WEBKIT_DRIVER (default WebKitWebDriver on PATH), MINIBROWSER (default: the MiniBrowser
// that the libwebkit2gtk-4.1-0 package installs), DIST (default dist). Exits 0 when every check
// passes, 1 otherwise.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort, runTier, startDriver, Session } from './webdriver.mjs';

const DRIVER = process.env.WEBKIT_DRIVER || 'WebKitWebDriver';

function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  try {
    return execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' })
      .split('\n').find((l) => /\/MiniBrowser$/.test(l)) || null;
  } catch {
    return null;
  }
}

const binary = miniBrowser();
if (!binary || !fs.existsSync(binary)) {
  console.log('not ok - MiniBrowser not found: run scripts/webkit.sh (installs webkit2gtk-driver)');
  process.exit(1);
}

process.exit(await runTier('WebKit', async () => {
  const port = await freePort();
  // -a picks a free display; the driver and the browsers it starts live in Xvfb's process group.
  const driver = await startDriver('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', DRIVER, `--port=${port}`], port);
  try {
    const session = await Session.create(driver.base, {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary, args: ['--automation'] },
    });
    const c = session.capabilities;
    console.log(`# WebKitGTK ${c.browserVersion} (${c.browserName}, ${c.platformName}), ${binary}`);
    await session.cmd('POST', '/window/rect', { width: 1280, height: 900 }).catch(() => {});
    return { driver, session };
  } catch (e) {
    await driver.close();
    throw new Error(`${e.message}\n${driver.log()}`);
  }
}));
