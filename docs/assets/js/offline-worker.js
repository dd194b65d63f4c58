// The guide's service worker (imported by the generated sw.js at the site root, which defines
// self.__PRECACHE and self.__SITE first). Workbox keeps every file of the site, Pyodide and the
// calculators' wheel included, so every page and every calculator works without a network after
// one visit. A new version waits until the reader chooses to use it (or until every tab of the
// site is closed): the open page and its cache always belong to the same version.
/* global workbox */

workbox.setConfig({ modulePathPrefix: "assets/workbox/", debug: false });

workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(self.__PRECACHE, {
  // A calculator link carries its answers in the query (?calc=…): any query, same page.
  ignoreURLParametersMatching: [/.*/],
  directoryIndex: "index.html",
  cleanURLs: false,
});
// The first version takes charge of the open page at once (nothing older to stay consistent with).
workbox.core.clientsClaim();

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "SKIP_WAITING") self.skipWaiting();
  if (type === "VERSION") event.ports[0]?.postMessage(self.__SITE);
});
