// Course website behaviour, loaded on every page (html_js_files in _config.yml).
//
// Keyboard access to scrollable code: a code cell whose lines are wider than the page
// scrolls sideways, and keyboard users can only scroll it if it can take focus (WCAG 2.1.1;
// axe-core "scrollable-region-focusable"). Code inside a solution dropdown only becomes
// scrollable once the reader opens it, so every code block is watched for size changes.
(function () {
  "use strict";
  function mark(pre) {
    // The theme gives code that fits tabindex="-1"; opening a dropdown narrows it and may
    // make it scroll, so "-1" is upgraded too.
    if (pre.scrollWidth > pre.clientWidth && pre.getAttribute("tabindex") !== "0") {
      pre.setAttribute("tabindex", "0");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var blocks = document.querySelectorAll("div.highlight > pre, .cell_output pre");
    blocks.forEach(mark);
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { mark(entry.target); });
      });
      blocks.forEach(function (pre) { observer.observe(pre); });
    }
  });
})();
