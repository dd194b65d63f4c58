// Takes a memory snapshot of the ready engine and starts from it, in the pinned Pyodide under
// Node, through docs/assets/js/pyodide-snapshot.js (the only place that names Pyodide's private
// snapshot options): what the site's worker does on a first and a later visit.
// Usage: node snapshot.mjs WHEEL STDLIB_ZIP < cases.json > out.json
// cases.json: [{"calculator": ..., "inputs": {...}, "assume": {...}}, ...]
// out.json: {size, restored, fresh: [json...], again: [json...]} (calculators.browser.compute's
// JSON text on the normal start and on the start from the snapshot).
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as snapshot from "../../docs/assets/js/pyodide-snapshot.js";

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

const later = await loadPyodide({ stdLibURL, ...snapshot.restoringOptions(bytes) });
const restored = snapshot.restored(later, ENTRY);
later.unpackArchive(wheel, "wheel");
const again = answers(later);

process.stdout.write(JSON.stringify({
  size: bytes.byteLength,
  restored,
  refused: snapshot.looksLikeSnapshot(new Uint8Array(64)),
  fresh,
  again,
}));
