// Firefox smoke test: drives Debian's headless firefox-esr through geckodriver with the raw W3C
// WebDriver HTTP API (Node's fetch; Playwright's Firefox needs a patched build we cannot download)
// against dist/ served on 127.0.0.1 with the strict CSP. Checks that the widget mounts and shows
// every study of data/studies.json, draws timeline marks, and that the "Positive controlled
// trial" filter narrows the count to the JSON's number of positive studies and writes the URL.
//
//   node tests/e2e/firefox-smoke.mjs        (scripts/firefox.sh installs firefox-esr/geckodriver)
//
// Env: GECKODRIVER (default: geckodriver on PATH), FIREFOX_BIN (default /usr/bin/firefox-esr),
// DIST (default dist). Exits 0 when every check passes, 1 otherwise.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.resolve(ROOT, process.env.DIST || 'dist');
const FIREFOX = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER || 'geckodriver';
const TIMEOUT_MS = 60000;

const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/studies.json'), 'utf8'));
const N = data.studies.length;
const POSITIVE = data.studies.filter((s) => s.evidence === 'positive').length;

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}${detail ? ` (${detail})` : ''}`);
  return ok;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** One W3C WebDriver command; throws with the driver's error message on failure. */
async function wd(base, method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value || {};
    throw new Error(`${method} ${route}: ${res.status} ${v.error || ''} ${v.message || ''}`.trim());
  }
  return json.value;
}

/** Polls `script` (a function body returning a value) until `pred(value)` holds. */
async function until(base, sid, script, pred, what, timeout = TIMEOUT_MS) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await wd(base, 'POST', `/session/${sid}/execute/sync`, { script, args: [] }).catch((e) => `error: ${e.message}`);
    if (pred(last)) return last;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
}

// The W3C web element identifier.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.log(`not ok - ${path.relative(ROOT, DIST)}/index.html missing: run scripts/build.sh first`);
    return 1;
  }
  if (!fs.existsSync(FIREFOX)) {
    console.log(`not ok - ${FIREFOX} missing: run scripts/firefox.sh (installs firefox-esr)`);
    return 1;
  }
  const server = await serve({ '/': DIST }, { csp: true });
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ['--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let driverLog = '';
  driver.stdout.on('data', (d) => { driverLog += d; });
  driver.stderr.on('data', (d) => { driverLog += d; });
  const driverExit = new Promise((r) => driver.on('exit', r));
  driver.on('error', (e) => { driverLog += `spawn error: ${e.message}\n`; });
  const base = `http://127.0.0.1:${port}`;
  let sid;
  try {
    // Wait for geckodriver to listen.
    const ready = Date.now() + 20000;
    for (;;) {
      const s = await wd(base, 'GET', '/status').catch(() => null);
      if (s?.ready) break;
      if (Date.now() > ready) throw new Error(`geckodriver did not start:\n${driverLog}`);
      await sleep(200);
    }
    const session = await wd(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          acceptInsecureCerts: false,
          'moz:firefoxOptions': {
            binary: FIREFOX,
            args: ['-headless'],
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
        },
      },
    });
    sid = session.sessionId;
    const caps = session.capabilities;
    console.log(`# Firefox ${caps.browserVersion} (${caps.browserName}, ${caps.platformName}), geckodriver ${caps['moz:geckodriverVersion'] || ''}`.trim());

    await wd(base, 'POST', `/session/${sid}/url`, { url: `${server.url}/` });
    // Record errors and CSP violations from here on.
    await wd(base, 'POST', `/session/${sid}/execute/sync`, {
      script: `window.__problems = [];
        addEventListener('error', (e) => __problems.push('error: ' + e.message));
        document.addEventListener('securitypolicyviolation', (e) => __problems.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));`,
      args: [],
    });

    // The live widget's count, not the build-time prerender's that stands in before it.
    const count = "return document.querySelector('.app[data-live] #count-live')?.textContent.trim() ?? null;";
    const shown = await until(base, sid, count, (v) => v === `${N} studies`, `"${N} studies"`).catch((e) => e.message);
    check(shown === `${N} studies`, `the widget mounts and shows all ${N} studies of data/studies.json`, shown);

    const marks = await wd(base, 'POST', `/session/${sid}/execute/sync`, {
      script: "return document.querySelectorAll('[data-study-id]').length;", args: [],
    });
    check(marks > 0, 'the timeline draws study marks', `${marks} marks`);

    const box = await wd(base, 'POST', `/session/${sid}/element`, {
      using: 'css selector', value: 'input[data-facet="status"][data-value="positive"]',
    });
    const boxId = box?.[ELEMENT];
    if (!boxId) console.log(`# find element answered ${JSON.stringify(box)}`);
    await wd(base, 'POST', `/session/${sid}/element/${boxId}/click`, {}).catch(async (e) => {
      // A visually restyled checkbox may be covered by its label; click the label instead.
      console.log(`# checkbox click failed (${e.message}); clicking its label`);
      const label = await wd(base, 'POST', `/session/${sid}/execute/sync`, {
        script: "const i = document.querySelector('input[data-facet=\"status\"][data-value=\"positive\"]'); return document.querySelector('label[for=\"' + i.id + '\"]');", args: [],
      });
      await wd(base, 'POST', `/session/${sid}/element/${label[ELEMENT]}/click`, {});
    });
    const after = await until(base, sid, count, (v) => v === `${POSITIVE} studies`, `"${POSITIVE} studies"`).catch((e) => e.message);
    check(after === `${POSITIVE} studies`, `status=positive narrows the count to the ${POSITIVE} positive studies`, after);
    const selected = await wd(base, 'GET', `/session/${sid}/element/${boxId}/selected`);
    check(selected === true, 'the checkbox is checked');
    const url = await wd(base, 'GET', `/session/${sid}/url`);
    check(new URL(url).searchParams.get('status') === 'positive', 'the URL says status=positive', url);

    const problems = await wd(base, 'POST', `/session/${sid}/execute/sync`, { script: 'return window.__problems;', args: [] });
    check(Array.isArray(problems) && problems.length === 0, 'no script errors or CSP violations', JSON.stringify(problems));
  } catch (e) {
    check(false, 'the Firefox session ran', e.message);
  } finally {
    if (sid) await wd(base, 'DELETE', `/session/${sid}`).catch(() => {});
    driver.kill('SIGTERM');
    await Promise.race([driverExit, sleep(5000)]);
    if (driver.exitCode === null) driver.kill('SIGKILL');
    await server.close();
  }
  console.log(`firefox smoke: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

// geckodriver prints its version on --version; say which one is used (or that it is missing).
try {
  console.log(`# ${execFileSync(GECKODRIVER, ['--version'], { encoding: 'utf8' }).split('\n')[0]}`);
} catch {
  console.log(`not ok - ${GECKODRIVER} not found: run scripts/firefox.sh (cargo install geckodriver)`);
  process.exit(1);
}
process.exit(await main());
