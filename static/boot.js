// Runs before the page is drawn; plain script, no dependencies, allowed by a `script-src 'self'`
// policy. The page holds a build-time prerender of the default view.
//  - When the address asks for another view (any query parameter) the prerender is hidden, so it
//    never flashes, and removed once parsed, leaving the loading message until the widget starts.
//  - When the widget cannot start (its script or wasm fails to load or throws before mounting),
//    the prerender would sit there looking usable but doing nothing: it is replaced by a message.
(function () {
  var html = document.documentElement;
  if (location.search.length > 1) {
    html.classList.add('no-prerender');
    document.addEventListener('DOMContentLoaded', function () {
      var pre = document.querySelectorAll('.prerendered');
      for (var i = 0; i < pre.length; i++) pre[i].remove();
    });
  }
  var started = false;
  addEventListener('TrunkApplicationStarted', function () { started = true; });
  function failed(e) {
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
