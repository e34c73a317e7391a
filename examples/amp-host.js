// Stands in for AMP's <amp-iframe resizable> on examples/embed-amp.html: the host side of its
// resize request, written from AMP's documentation (not AMP's code). A message from the frame's
// own window with {sentinel: "amp", type: "embed-size", height} resizes the element to that
// height when it is at least 100 pixels; AMP may refuse while the frame is in view and shows the
// element's `overflow` child instead, which resizes on a tap (here: always allowed).
(function () {
  'use strict';
  var hosts = document.querySelectorAll('.amp-iframe-like[resizable]');
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (typeof d === 'string') { try { d = JSON.parse(d); } catch (x) { return; } }
    if (!d || d.sentinel !== 'amp' || d.type !== 'embed-size') return;
    for (var i = 0; i < hosts.length; i++) {
      var frame = hosts[i].querySelector('iframe');
      if (!frame || frame.contentWindow !== e.source) continue;
      var h = parseInt(d.height, 10);
      if (isNaN(h) || h < 100) return;
      hosts[i].setAttribute('height', String(h));
      hosts[i].style.height = h + 'px';
      var overflow = hosts[i].querySelector('[overflow]');
      if (overflow) overflow.hidden = true;
    }
  });
})();
