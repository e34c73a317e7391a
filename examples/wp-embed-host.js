// Stands in for WordPress's wp-embed.js on examples/embed-wordpress.html: the host side of
// WordPress's embed protocol, written from its documented behaviour (not WordPress's code):
//  - messages are {message, value, secret}; a secret of letters and digits picks the
//    iframe[data-secret] and blockquote[data-secret] it belongs to, and only that iframe's own
//    window may speak for it;
//  - any such message hides the fallback blockquotes and shows the frame (removes its style);
//  - "height": the frame gets that height, clamped to 200..1000 pixels;
//  - "link": when the frame has the focus and the link is http(s) on the frame's own host, the
//    top window goes there; anything else is ignored;
//  - once the page is parsed, each iframe.wp-embedded-content is sent {message: "ready", secret}
//    (in case it loaded first), after a secret was added to frames that had none.
(function () {
  'use strict';
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || typeof d !== 'object' || typeof d.secret !== 'string' || !d.message || /[^a-zA-Z0-9]/.test(d.secret)) return;
    var quotes = document.querySelectorAll('blockquote[data-secret="' + d.secret + '"]');
    var frames = document.querySelectorAll('iframe[data-secret="' + d.secret + '"]');
    for (var i = 0; i < quotes.length; i++) quotes[i].hidden = true;
    for (var j = 0; j < frames.length; j++) {
      var f = frames[j];
      if (e.source !== f.contentWindow) continue;
      f.removeAttribute('style');
      if (d.message === 'height') {
        var h = parseInt(d.value, 10);
        f.height = String(isNaN(h) || h < 200 ? 200 : h > 1000 ? 1000 : h);
      } else if (d.message === 'link') {
        var target = new URL(d.value, document.baseURI);
        var own = new URL(f.getAttribute('src'), document.baseURI);
        if (/^https?:$/.test(target.protocol) && target.host === own.host && document.activeElement === f) {
          window.top.location.href = target.href;
        }
      }
    }
  });
  document.addEventListener('DOMContentLoaded', function () {
    var frames = document.querySelectorAll('iframe.wp-embedded-content');
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      var secret = f.getAttribute('data-secret');
      if (!secret) {
        secret = Math.random().toString(36).slice(2, 12);
        f.src += '#?secret=' + secret;
        f.setAttribute('data-secret', secret);
      }
      f.contentWindow.postMessage({ message: 'ready', secret: secret }, '*');
    }
  });
})();
