// The vis-timeline anchor of the benchmark (bench/run.mjs): the same dataset file our widget
// embeds, fetched from the same origin (?data=URL) and drawn with vis-timeline 8.5.4's standalone
// build: one group per treatment (ordered by mechanism, then name), one item per study (a range
// from start to end, a point when only one date is known, "today" for undated planned studies),
// labelled like our marks ("✓ P3 · n=40") and classed by evidence status.
//
// Exposed for the harness:
//   renderAll(opts?)     (re)creates the timeline with every study; resolves when it is built
//   filterTo(name)       replaces the items with a filtered subset: items.clear(); items.add(subset)
//                        names: 'all', 'positive', 'negative', 'rct', 'uncontrolled'
//   zoomStep()           alternately timeline.zoomIn(0.2) / zoomOut(0.2), without animation
//   panStep()            alternately moves the window 25% later / earlier (setWindow, no animation)
//   window.visBench      {ready, error, studies, items, groups, timeline}
// The page renders everything once on load (the navigation measure), unless ?manual=1.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const dataUrl = params.get('data') || '../data/real.json';

  const MECHANISMS = ['immune', 'antiviral', 'metabolic', 'neuro', 'autonomic', 'gut', 'endocrine', 'rehab', 'other'];
  const ICON = {
    planned: '◌', ongoing: '▷', preliminary: '?', mixed: '±',
    positive: '✓', negative: '✗', approved: '★', refuted: '⊘',
  };
  const PHASE = {
    pre: 'Lab', pilot: 'Pilot', 1: 'P1', '1-2': 'P1/2', 2: 'P2', '2-3': 'P2/3', 3: 'P3', 4: 'P4',
    obs: 'Obs', review: 'Review', unstated: 'P?',
  };
  const COLOURS = {
    planned: '#eeeeee', ongoing: '#dbe8ff', preliminary: '#ffe7b3', mixed: '#e9ddff',
    positive: '#c9f0d2', negative: '#f7cccc', approved: '#b6e3c0', refuted: '#dddddd',
  };
  const PREDICATES = {
    all: () => true,
    positive: (s) => s.evidence === 'positive',
    negative: (s) => s.evidence === 'negative',
    rct: (s) => s.design.randomised === true,
    uncontrolled: (s) => s.design.control === 'none',
  };

  // Evidence colours, like our marks (a style element, so the page needs no inline styles).
  const style = document.createElement('style');
  style.textContent =
    'body{font:14px system-ui,sans-serif;margin:8px}' +
    Object.entries(COLOURS).map(([k, c]) => `.vis-item.ev-${k}{background:${c};border-color:#666}`).join('');
  document.head.appendChild(style);

  // Dates "YYYY", "YYYY-MM", "YYYY-MM-DD": earliest and latest moment they can mean (UTC).
  function first(d) {
    const [y, m, day] = d.split('-').map(Number);
    return Date.UTC(y, (m || 1) - 1, day || 1);
  }
  function last(d) {
    const [y, m, day] = d.split('-').map(Number);
    if (!m) return Date.UTC(y + 1, 0, 1);
    if (!day) return Date.UTC(y, m, 1);
    return Date.UTC(y, m - 1, day + 1);
  }

  function bestN(p) {
    return p.analysed ?? p.completed ?? p.enrolled ?? null;
  }

  // One vis item per study, with the span rule of crates/data/src/model.rs (Study::span).
  function toItem(s, now) {
    const n = bestN(s.people);
    const item = {
      id: s.id,
      group: s.treatment,
      content: `${ICON[s.evidence]} ${PHASE[s.phase]} · ${n == null ? 'n?' : 'n=' + n}`,
      title: s.title,
      className: 'ev-' + s.evidence,
    };
    const a = s.start || s.published || s.end;
    if (!a) {
      item.start = now;
      item.type = 'point';
      return item;
    }
    let end;
    if (s.end && s.published) end = Math.max(last(s.end), last(s.published));
    else if (s.end) end = last(s.end);
    else if (s.published) end = last(s.published);
    else if (s.status === 'ongoing') end = now;
    item.start = first(a);
    if (end === undefined || (!s.start && !s.end)) {
      item.type = 'point';
    } else {
      item.end = Math.max(end, item.start);
      item.type = 'range';
    }
    return item;
  }

  const state = (window.visBench = { ready: false, error: null, studies: null, items: null, groups: null, timeline: null, allItems: null, zoomIn: true, panLater: true });

  async function load() {
    if (state.studies) return;
    const res = await fetch(dataUrl);
    if (!res.ok) throw new Error(`${dataUrl}: HTTP ${res.status}`);
    const file = await res.json();
    const now = Date.now();
    const mech = new Map(file.treatments.map((t) => [t.key, MECHANISMS.indexOf(t.mechanism)]));
    const groups = file.treatments
      .slice()
      .sort((a, b) => mech.get(a.key) - mech.get(b.key) || a.name.localeCompare(b.name))
      .map((t, i) => ({ id: t.key, content: t.name, order: i }));
    state.studies = file.studies;
    state.groupList = groups;
    state.allItems = file.studies.map((s) => toItem(s, now));
  }

  /** (Re)creates the timeline with every study (`overrides`: extra vis options, for experiments). */
  async function renderAll(overrides = {}) {
    await load();
    if (state.timeline) state.timeline.destroy();
    state.items = new vis.DataSet(state.allItems);
    state.groups = new vis.DataSet(state.groupList);
    state.timeline = new vis.Timeline(document.getElementById('timeline'), state.items, state.groups, {
      stack: true,
      orientation: 'top',
      groupOrder: 'order',
      verticalScroll: true,
      maxHeight: 760,
      zoomKey: 'ctrlKey',
      ...overrides,
    });
    document.getElementById('status').textContent =
      `${state.studies.length} studies in ${state.groupList.length} lanes (vis-timeline 8.5.4)`;
    state.ready = true;
  }

  /** Replaces the items with the studies matching a named predicate. */
  function filterTo(name) {
    const keep = PREDICATES[name];
    if (!keep) throw new Error(`unknown predicate ${name}`);
    const subset = state.allItems.filter((_, i) => keep(state.studies[i]));
    state.items.clear();
    state.items.add(subset);
    return subset.length;
  }

  function zoomStep() {
    if (state.zoomIn) state.timeline.zoomIn(0.2, { animation: false });
    else state.timeline.zoomOut(0.2, { animation: false });
    state.zoomIn = !state.zoomIn;
  }

  function panStep() {
    const w = state.timeline.getWindow();
    const d = (w.end - w.start) * 0.25 * (state.panLater ? 1 : -1);
    state.timeline.setWindow(w.start.valueOf() + d, w.end.valueOf() + d, { animation: false });
    state.panLater = !state.panLater;
  }

  Object.assign(window, { renderAll, filterTo, zoomStep, panStep });

  if (params.get('manual') !== '1') {
    renderAll().catch((e) => {
      state.error = String(e && e.stack ? e.stack : e);
      document.getElementById('status').textContent = 'Error: ' + state.error;
    });
  }
})();
