// Takes a memory snapshot of the ready engine and starts from it, in the pinned Pyodide under
// Node, through docs/assets/js/pyodide-snapshot.js (the only place that names Pyodide's private
// snapshot options): what the site's worker does on a first and a later visit. The snapshot goes
// through the layout it is kept in on a device (docs/assets/js/snapshot-pages.js: pages of
// zeros left out) before the later start uses it.
// Usage: node snapshot.mjs WHEEL STDLIB_ZIP < cases.json > out.json
// cases.json: [{"calculator": ..., "inputs": {...}, "assume": {...}}, ...]
// out.json: {size, kept, sameBytes, restored, refused, fresh: [json...], again: [json...]}
// (kept: the bytes in the kept layout; calculators.browser.compute's JSON text on the normal
// start and on the start from the kept snapshot).
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as snapshot from "../../docs/assets/js/pyodide-snapshot.js";
import { pack, unpack } from "../../docs/assets/js/snapshot-pages.js";

const wheel = new Uint8Array(readFileSync(process.argv[2]));
const stdLibURL = pathToFileURL(process.argv[3]).href;
const cases = JSON.parse(readFileSync(0, "utf-8"));
const ENTRY = "calculators.browser";

function answers(pyodide) {
  const api = pyodide.pyimport(ENTRY);
  return cases.map((c) => api.compute(c.calculator, JSON.stringify(c.inputs), JSON.stringify(c.assume || {})));
}

const first = await loadPyodide({ stdLibURL, ...snapshot.takingOptions() });
first.unpackArchive(wheel, "wheel");
first.pyimport(ENTRY);
const fresh = answers(first);
const bytes = snapshot.take(first);
if (!snapshot.looksLikeSnapshot(bytes)) throw new Error("the snapshot does not begin as Pyodide's do");

const stored = Buffer.concat(pack(bytes));
const back = unpack(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
const sameBytes = Buffer.compare(Buffer.from(back), Buffer.from(bytes)) === 0;

const later = await loadPyodide({ stdLibURL, ...snapshot.restoringOptions(back) });
const restored = snapshot.restored(later, ENTRY);
later.unpackArchive(wheel, "wheel");
const again = answers(later);

process.stdout.write(JSON.stringify({
  size: bytes.byteLength,
  kept: stored.byteLength,
  sameBytes,
  restored,
  refused: snapshot.looksLikeSnapshot(new Uint8Array(64)),
  fresh,
  again,
}));
