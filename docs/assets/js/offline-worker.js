// The guide's service worker (imported by the generated sw.js at the site root, which defines
// self.__PRECACHE, self.__ENGINE and self.__SITE first). Workbox keeps every file of the site
// (pages, search, the answers computed at build time), so the guide works without a network
// after one visit. The calculators' engine (Pyodide and the wheel, about 14 MB) is kept apart:
// it is saved only when the page asks (assets/js/offline.js: a reader who used a calculator on a
// fast link, or the button of the trainers' offline page), and then served from the saved copy.
// A new version waits until the reader chooses to use it (or until every tab of the site is
// closed): the open page and its cache always belong to the same version.
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

// --- the engine: saved when asked, then used from the saved copy ------------------------------

const ENGINE_CACHE = `engine-${self.__SITE.engine}`;
const scope = new URL(self.registration.scope);
const engineUrls = new Map(self.__ENGINE.map((e) => [new URL(e.url, scope).href, e]));

workbox.routing.registerRoute(
  ({ url }) => engineUrls.has(url.origin + url.pathname),
  async ({ request, url }) => {
    const cache = await caches.open(ENGINE_CACHE);
    const saved = await cache.match(url.origin + url.pathname);
    return saved ?? fetch(request);  // not saved: the network, as without a service worker
  },
);

// The calculators' worker keeps a memory snapshot of the started engine in a cache of its own
// (assets/js/snapshot-store.js, same prefix), named by the snapshot key this version's engine
// uses. A new version that takes over deletes the old engine and any other snapshot with it.
const SNAPSHOT_CACHE = `calc-snapshot-${self.__SITE.snapshot}`;
const outdated = (name) => (name.startsWith("engine-") && name !== ENGINE_CACHE)
  || (name.startsWith("calc-snapshot-") && name !== SNAPSHOT_CACHE);

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter(outdated).map((n) => caches.delete(n)),
  )));
});

async function engineStatus() {
  const cache = await caches.open(ENGINE_CACHE);
  let saved = 0;
  let total = 0;
  for (const [url, entry] of engineUrls) {
    total += entry.size;
    if (await cache.match(url)) saved += entry.size;
  }
  return { saved, total };
}

// Download what is not saved yet, telling the page how many bytes have come.
async function saveEngine(port) {
  const cache = await caches.open(ENGINE_CACHE);
  const status = await engineStatus();
  let loaded = status.saved;
  port?.postMessage({ type: "progress", loaded, total: status.total });
  for (const [url] of engineUrls) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${response.status} ${url}`);
    const reader = response.clone().body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      port?.postMessage({ type: "progress", loaded, total: status.total });
    }
    await cache.put(url, response);
  }
  port?.postMessage({ type: "done", loaded, total: status.total });
}

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  const port = event.ports[0];
  if (type === "SKIP_WAITING") self.skipWaiting();
  if (type === "VERSION") port?.postMessage(self.__SITE);
  if (type === "ENGINE_STATUS") engineStatus().then((s) => port?.postMessage(s));
  if (type === "SAVE_ENGINE") {
    event.waitUntil(saveEngine(port).catch((error) => port?.postMessage({ type: "failed", message: String(error) })));
  }
});
