import { chromium } from 'playwright-core';
import { ARGS, CHROMIUM } from '/work/main/tests/e2e/browser.mjs';
const combos = [
 [],
 ['--disable-gpu-vsync', '--disable-frame-rate-limit'],
 ['--disable-gpu-vsync', '--disable-frame-rate-limit', '--disable-threaded-compositing'],
 ['--disable-gpu-vsync', '--disable-frame-rate-limit', '--run-all-compositor-stages-before-draw'],
 ['--disable-gpu-vsync', '--disable-frame-rate-limit', '--disable-gpu-compositing'],
];
for (const extra of combos) {
  const b = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extra], headless: true });
  const p = await b.newPage();
  await p.setContent('<div>hi</div>');
  const r = await p.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 12; i++) {
      await new Promise(r => setTimeout(r, 37));
      const t0 = performance.now();
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      out.push(+(performance.now() - t0).toFixed(1));
    }
    const iv = []; let last = performance.now();
    await new Promise(res => { let n = 0; const f = (t) => { iv.push(+(t - last).toFixed(1)); last = t; if (++n < 10) requestAnimationFrame(f); else res(); }; requestAnimationFrame(f); });
    return out.join(' ') + ' | intervals ' + iv.join(' ');
  });
  console.log(extra.join(' ') || 'default', '\n   ', r);
  await b.close();
}
