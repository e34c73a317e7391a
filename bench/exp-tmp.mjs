import { chromium } from 'playwright-core';
import { ARGS, CHROMIUM } from '../tests/e2e/browser.mjs';
import { serve } from '../tests/e2e/server.mjs';
const server = await serve({ '/': 'bench/out' });
const b = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const N = process.argv[2] || '10000';
const variants = {
  current: {},
  noMaxHeight: { maxHeight: undefined, verticalScroll: false },
  noStack: { stack: false },
  noGroups: 'nogroups',
};
for (const [name, opts] of Object.entries(variants)) {
  const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await ctx.newPage();
  await p.goto(`${server.url}/vis/index.html?manual=1&data=../data/synth-${N}.json`);
  const r = await p.evaluate(async ({ opts }) => {
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const t = () => performance.now();
    let t0 = t();
    if (opts === 'nogroups') {
      await renderAll({});
      visBench.timeline.setGroups(null);
      visBench.items.forEach(() => {});
      visBench.allItems.forEach((it) => { delete it.group; });
      visBench.timeline.destroy();
      visBench.timeline = null;
      t0 = t();
      visBench.items = new vis.DataSet(visBench.allItems);
      visBench.timeline = new vis.Timeline(document.getElementById('timeline'), visBench.items, { stack: true, maxHeight: 760, verticalScroll: true });
    } else {
      await renderAll(opts);
    }
    await frames();
    const first = t() - t0;
    const out = { first };
    for (const k of ['positive', 'all', 'positive', 'all']) {
      await new Promise((r) => setTimeout(r, 100));
      const a = t(); filterTo(k); await frames(); out[k] = (out[k] || []).concat(+(t() - a).toFixed(0));
    }
    out.dom = document.getElementsByTagName('*').length;
    return out;
  }, { opts });
  console.log(N, name, JSON.stringify(r));
  await ctx.close();
}
await b.close(); await server.close();
