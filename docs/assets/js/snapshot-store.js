// Where the engine's memory snapshot is kept on the device: Cache Storage, one cache per
// snapshot key, the snapshot without its pages of zeros (snapshot-pages.js) and gzipped by the
// browser (CompressionStream). The key (assets/calculators/manifest.json, written by
// calculators/tools/site/browser_assets.py) names the Pyodide version and the content of the
// wheel, the standard library, the kept layout and the figures: a new release, layout or figures
// never find an old snapshot. The service worker deletes every other key's cache when a new
// version of the site takes over (assets/js/offline-worker.js, same prefix).
//
// A snapshot that cannot be read back whole (gzip checks its length and checksum, the page map
// its layout) is deleted.

import { plausibleSize } from "./pyodide-snapshot.js";
import { pack, Unpacking } from "./snapshot-pages.js";

export const PREFIX = "calc-snapshot-";
const ENTRY = "snapshot";  // the one request each cache holds (never fetched)
const SIZE = "X-Snapshot-Size";  // the snapshot's size in bytes, as taken
// Keep a snapshot only when the origin's quota leaves this many times its size free after it.
const ROOM = 4;

const cacheName = (key) => PREFIX + key;
const entry = () => new URL(ENTRY, self.location.href).href;

export function usable() {
  return typeof caches !== "undefined" && typeof CompressionStream !== "undefined"
    && typeof DecompressionStream !== "undefined";
}

// The key of the snapshot kept on this device, or null: a quick look, before the manifest says
// which key is current.
export async function kept() {
  if (!usable()) return null;
  try {
    const name = (await caches.keys()).find((n) => n.startsWith(PREFIX));
    return name ? name.slice(PREFIX.length) : null;
  } catch {
    return null;
  }
}

// The snapshot kept for `key`, or null; snapshots of other keys are deleted. Returns
// { bytes, filled } at once: `bytes` is the whole memory, of the size the snapshot was kept
// with, written while the stored pages are read and inflated; `filled` resolves when they are
// all written, or rejects (and the snapshot is deleted) when they cannot be read back whole.
export async function read(key) {
  await removeOthers(key);
  const cache = await caches.open(cacheName(key));
  const response = await cache.match(entry());
  if (!response) return null;
  try {
    const size = Number(response.headers.get(SIZE));
    if (!plausibleSize(size)) throw new Error("a kept snapshot of no plausible size");
    const unpacking = new Unpacking(size);
    const filled = (async () => {
      const pieces = response.body.pipeThrough(new DecompressionStream("gzip")).getReader();
      for (;;) {
        const { done, value } = await pieces.read();
        if (done) return unpacking.end();
        unpacking.push(value);
      }
    })().catch(async (error) => {
      await remove(key);
      throw error;
    });
    filled.catch(() => {});  // a caller that no longer waits for it (another version) is told nothing
    return { bytes: unpacking.bytes, filled };
  } catch (error) {
    await remove(key);
    throw error;
  }
}

// Room for `size` bytes more, as navigator.storage.estimate() tells (no estimate: no room).
export async function roomFor(size) {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    return quota - usage >= ROOM * size;
  } catch {
    return false;
  }
}

// Keep `bytes` gzipped under `key`; returns the size stored. Snapshots of other keys go.
export async function keep(key, bytes) {
  await removeOthers(key);
  const stream = new Blob(pack(bytes)).stream().pipeThrough(new CompressionStream("gzip"));
  const packed = await new Response(stream).arrayBuffer();
  const cache = await caches.open(cacheName(key));
  await cache.put(entry(), new Response(packed, {
    headers: { "Content-Type": "application/octet-stream", [SIZE]: String(bytes.byteLength) },
  }));
  return packed.byteLength;
}

export async function remove(key) {
  await caches.delete(cacheName(key));
}

async function removeOthers(key) {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== cacheName(key)).map((n) => caches.delete(n)));
}
