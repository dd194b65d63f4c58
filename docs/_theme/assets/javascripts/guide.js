// The guide's only script: accessibility fixes that mkdocs-material 9.x leaves open, done here
// rather than in copies of the theme's templates, which would have to be compared on every
// upgrade. tests/browser/test_site.py runs axe-core on every page to check them.
(function () {
  "use strict";

  // 1. The search dialog and the page-loading bar of instant navigation have no accessible
  //    name (axe-core rules aria-dialog-name, aria-progressbar-name). Both stay in place
  //    across instant navigation, so naming them once is enough.
  [
    [".md-search[role=dialog]", "Tìm kiếm"],
    [".md-progress[role=progressbar]", "Đang tải trang"],
  ].forEach(function (pair) {
    var el = document.querySelector(pair[0]);
    if (el && !el.hasAttribute("aria-label")) el.setAttribute("aria-label", pair[1]);
  });

  // 2. A table or a code block wider than the screen scrolls sideways inside its own box
  //    (tables in .md-typeset__scrollwrap, made by the theme). Keyboard users must be able to
  //    reach that box to scroll it, and screen readers need to know what it holds (axe-core
  //    rule scrollable-region-focusable). Done on every page, instant navigation included,
  //    and again when the window changes size.

  var BOXES = [
    [".md-typeset__scrollwrap", "Bảng"],
    [".md-typeset pre > code", "Đoạn mã"],
  ];

  function title(box, kind) {
    var caption = box.querySelector("caption");
    if (caption) return kind + ": " + caption.textContent.trim();
    var el = box.closest("pre") ? box.parentElement : box;
    while (el && !el.previousElementSibling && el.parentElement) el = el.parentElement;
    for (el = el && el.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return kind + ": " + el.textContent.replace(/¶\s*$/, "").trim();
    }
    return kind;
  }

  function update() {
    BOXES.forEach(function (pair) {
      document.querySelectorAll(pair[0]).forEach(function (box) {
        if (box.scrollWidth > box.clientWidth + 1) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", title(box, pair[1]) + " (cuộn ngang để xem hết)");
        } else if (box.getAttribute("role") === "region") {
          box.removeAttribute("tabindex");
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      });
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(update);
  else document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
})();
