// Run something for the page on screen, and again for each page that instant navigation shows.
// The theme announces each page on its `document$`. On a page with a calculator the theme's
// script loads late, after the calculator's first answer (docs/_theme/partials/
// theme-after-calculator.html): until then there is no `document$`, so the page on screen is
// handled at once and `document$` is joined when the theme says it has loaded. `fn` may run
// twice for the same page and must not mind.
export function onEveryPage(fn) {
  if (window.document$) {
    window.document$.subscribe(fn);
    return;
  }
  fn();
  document.addEventListener("theme:loaded", () => window.document$?.subscribe(fn), { once: true });
}
