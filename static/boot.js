// Runs before the page is drawn; plain script, no dependencies, allowed by a `script-src 'self'`
// policy. The page holds a build-time prerender of the default view.
//  - When the address asks for another view (any query parameter) the prerender is hidden, so it
//    never flashes, and removed once parsed, leaving the loading message until the widget starts.
//  - The prerendered chart is fitted to its real width, or hidden when that is far off.
//  - When the widget cannot start (its script or wasm fails to load or throws before mounting),
//    the prerender would sit there looking usable but doing nothing: it is replaced by a message.
(function () {
  var html = document.documentElement;
  // bg=transparent (an embed on the host's own background): transparent from the first paint,
  // in the colour scheme of the theme asked for, as the widget keeps it (browser::set_look).
  if (/(^|[?&])bg=transparent(&|$)/.test(location.search.slice(1))) {
    html.classList.add('bg-transparent');
    var theme = /(?:^|[?&])theme=([a-z]+)/.exec(location.search.slice(1));
    if (theme && theme[1] === 'dark') html.classList.add('scheme-dark');
    else if (theme && /^(light|calm|contrast)$/.test(theme[1])) html.classList.add('scheme-light');
  }
  if (location.search.length > 1) {
    html.classList.add('no-prerender');
    document.addEventListener('DOMContentLoaded', function () {
      var pre = document.querySelectorAll('.prerendered');
      for (var i = 0; i < pre.length; i++) pre[i].remove();
    });
  }
  // The prerendered chart was drawn for a box of a typical width. Once the page is parsed (before
  // its first paint) it is fitted to its real box when that is within 10% of it, which moves every
  // mark to where the live chart will draw it and changes text widths imperceptibly; otherwise it
  // is hidden and the live chart fills the box in, rather than jump.
  document.addEventListener('DOMContentLoaded', function () {
    var svg = document.querySelector('.prerendered .tl-svg');
    if (!svg || html.classList.contains('no-prerender')) return;
    var drawn = Number(svg.getAttribute('width'));
    var room = svg.parentElement.clientWidth - 2;
    var ratio = room / drawn;
    if (drawn > 0 && ratio > 0.9 && ratio < 1.1) {
      svg.setAttribute('viewBox', '0 0 ' + drawn + ' ' + svg.getAttribute('height'));
      svg.setAttribute('preserveAspectRatio', 'none');
      svg.setAttribute('width', String(room));
    } else {
      // The axis stretches to its box, so it would show stretched labels: it goes too.
      var axis = document.querySelector('.prerendered .tl-axis');
      svg.setAttribute('visibility', 'hidden');
      if (axis) axis.setAttribute('visibility', 'hidden');
    }
  });
  var started = false;
  addEventListener('TrunkApplicationStarted', function () { started = true; });
  // A Rust panic stops the wasm: panics abort, so the wasm traps (the release build runs no panic
  // hook at all, panic = "immediate-abort", see scripts/build.sh; other builds log the message to
  // the console first), and the trap reaches here as a WebAssembly.RuntimeError, at start-up or
  // later. The widget is dead then, so the crash screen is drawn here, with plain DOM calls, text
  // only. This is the only crash screen.
  function trap(e) {
    var err = e && (e.error || e.reason);
    return typeof WebAssembly === 'object' && err instanceof WebAssembly.RuntimeError ? err : null;
  }
  function crash(err) {
    var root = document.getElementById('mecfs-timeline');
    // Once is enough: a trap can be reported both as an error and as a rejected promise.
    if (!root || root.querySelector('.crash')) return;
    var box = document.createElement('div');
    box.className = 'crash';
    box.setAttribute('role', 'alert');
    var p = document.createElement('p');
    p.textContent = 'Sorry, the timeline stopped working. Reloading the page usually fixes it.';
    box.appendChild(p);
    var a = document.createElement('a');
    a.setAttribute('href', '');
    a.textContent = 'Reload';
    a.addEventListener('click', function (ev) { ev.preventDefault(); location.reload(); });
    box.appendChild(a);
    var d = document.createElement('details');
    var sum = document.createElement('summary');
    sum.textContent = 'Technical details';
    var pre = document.createElement('pre');
    pre.textContent = 'The WebAssembly module stopped: ' + String(err && err.message);
    d.appendChild(sum);
    d.appendChild(pre);
    box.appendChild(d);
    root.textContent = '';
    root.appendChild(box);
    if (window.console) console.error('ME/CFS timeline crashed: ' + String(err && err.message));
  }
  function failed(e) {
    var t = trap(e);
    if (t) {
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { crash(t); });
      else crash(t);
      return;
    }
    // Only failures before the widget starts; later ones are the widget's own to show.
    if (started || html.classList.contains('boot-failed')) return;
    var target = e && e.target;
    var loadError = target && target !== window && (target.tagName === 'SCRIPT' || target.tagName === 'LINK');
    if (e.type === 'error' && !loadError && !e.error) return;
    html.classList.add('boot-failed');
    // A failed preload can be reported while the page is still being parsed.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', explain);
    else explain();
  }
  function explain() {
    var msg = document.querySelector('#mecfs-timeline .boot-msg');
    if (msg) {
      msg.setAttribute('role', 'alert');
      msg.textContent = 'The interactive timeline could not start in this browser. '
        + 'Reloading the page may help; the data is also published as JSON in the project\'s repository.';
    }
    var pre = document.querySelectorAll('.prerendered');
    for (var i = 0; i < pre.length; i++) pre[i].remove();
  }
  addEventListener('error', failed, true);
  addEventListener('unhandledrejection', failed);
})();
