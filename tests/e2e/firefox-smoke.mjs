// Firefox smoke test: drives Debian's headless firefox-esr through geckodriver with the raw W3C
// WebDriver HTTP API (Node's fetch; Playwright's Firefox needs a patched build we cannot download)
// against dist/ served on 127.0.0.1 with the strict CSP. The checks are tests/e2e/webdriver.mjs's,
// shared with the WebKit tier: the widget mounts with every study of data/studies.json and draws
// marks; the "Positive controlled trial" filter narrows the count and writes the URL; the table
// and compare views; a study's detail, Back and Forward; the timeline's keyboard (arrows, Enter,
// Escape); embed.js sizing frames from the height message; and, in a sandbox without
// allow-popups, the link a blocked new tab offers for copying (with allow-popups, a new window).
//
//   node tests/e2e/firefox-smoke.mjs        (scripts/firefox.sh installs firefox-esr/geckodriver)
//
// Env: GECKODRIVER (default: geckodriver on PATH), FIREFOX_BIN (default /usr/bin/firefox-esr),
// DIST (default dist). Exits 0 when every check passes, 1 otherwise.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort, runTier, startDriver, Session } from './webdriver.mjs';

const FIREFOX = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER || 'geckodriver';

// geckodriver prints its version on --version; say which one is used (or that it is missing).
try {
  console.log(`# ${execFileSync(GECKODRIVER, ['--version'], { encoding: 'utf8' }).split('\n')[0]}`);
} catch {
  console.log(`not ok - ${GECKODRIVER} not found: run scripts/firefox.sh (cargo install geckodriver)`);
  process.exit(1);
}
if (!fs.existsSync(FIREFOX)) {
  console.log(`not ok - ${FIREFOX} missing: run scripts/firefox.sh (installs firefox-esr)`);
  process.exit(1);
}

process.exit(await runTier('Firefox', async () => {
  const port = await freePort();
  const driver = await startDriver(GECKODRIVER, ['--host', '127.0.0.1', '--port', String(port)], port);
  try {
    const session = await Session.create(driver.base, {
      browserName: 'firefox',
      acceptInsecureCerts: false,
      'moz:firefoxOptions': {
        binary: FIREFOX,
        args: ['-headless', '-width', '1280', '-height', '900'],
        // Keep the browser from calling home during the test.
        prefs: {
          'app.update.enabled': false,
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.enabled': false,
          'network.captive-portal-service.enabled': false,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
        },
      },
    });
    const c = session.capabilities;
    console.log(`# Firefox ${c.browserVersion} (${c.browserName}, ${c.platformName}), geckodriver ${c['moz:geckodriverVersion'] || ''}`.trim());
    return { driver, session };
  } catch (e) {
    await driver.close();
    throw new Error(`${e.message}\n${driver.log()}`);
  }
}));
