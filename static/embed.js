/*! ME/CFS Treatment Timeline embed loader. Optional: makes each embedded timeline iframe as tall
 * as its content. It listens for {type: "mecfs-timeline:height", height: N} messages, accepts one
 * only when it comes from the contentWindow of one of our iframes on this page
 * (iframe[data-mecfs-timeline]) and the height is a finite number between 200 and 20000 pixels,
 * and posts nothing back. It sets the height attribute and the inline CSS height (which overrides
 * the snippet's fallback height) through the CSSOM, so a host page's strict CSP does not block
 * it, and gives a frame whose inline style was stripped its full width back. No cookies, no
 * storage, no network. */
(function () {
  "use strict";
  if (window.__mecfsTimelineLoader) return;
  window.__mecfsTimelineLoader = true;
  var MIN = 200, MAX = 20000;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "mecfs-timeline:height") return;
    var h = data.height;
    if (typeof h !== "number" || !isFinite(h) || h < MIN || h > MAX) return;
    var frames = document.querySelectorAll("iframe[data-mecfs-timeline]");
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.contentWindow === event.source) {
        var px = String(Math.ceil(h));
        f.setAttribute("height", px);
        f.style.height = px + "px";
        if (!f.style.width && !f.hasAttribute("width")) f.style.width = "100%";
        return;
      }
    }
  });
})();
