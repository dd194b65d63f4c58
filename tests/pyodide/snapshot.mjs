// Takes a memory snapshot of the ready engine and starts from it, in the pinned Pyodide under
// Node, through docs/assets/js/pyodide-snapshot.js (the only place that names Pyodide's private
// snapshot options): what the site's worker does on a first and a later visit. The snapshot goes
// through the layout it is kept in on a device (docs/assets/js/snapshot-pages.js: pages of
// zeros left out) before the later start uses it. As on a return visit, that memory is written
// only while Pyodide starts: here, not one byte before Pyodide has set up its memory and called
// the hook that must hold its restore until the memory is whole. A start whose memory cannot be
// written whole must fail.
// Usage: node snapshot.mjs WHEEL STDLIB_ZIP < cases.json > out.json
// cases.json: [{"calculator": ..., "inputs": {...}, "assume": {...}}, ...]
// out.json: {size, kept, sameBytes, restored, writtenAfterHook, unfilled, refused, fresh: [json...],
// again: [json...]} (kept: the bytes in the kept layout; unfilled: how the start with a memory
// that could not be written whole ended; calculators.browser.compute's JSON text on the normal
// start and on the start from the kept snapshot).
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as snapshot from "../../docs/assets/js/pyodide-snapshot.js";
import { pack, unpack, Unpacking } from "../../docs/assets/js/snapshot-pages.js";

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

const joined = Buffer.concat(pack(bytes));
const stored = new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
const sameBytes = Buffer.compare(Buffer.from(unpack(stored)), Buffer.from(bytes)) === 0;

// Options for a start from `stored`, written in pieces once Pyodide calls its file system hook;
// `broken` cuts the stored bytes short (the memory then cannot be written whole).
function startingFromStored({ broken = false } = {}) {
  const unpacking = new Unpacking(bytes.byteLength);
  let write;
  const filled = new Promise((resolve) => { write = resolve; }).then(async () => {
    const end = broken ? stored.byteLength - 1 : stored.byteLength;
    for (let at = 0; at < end; at += 65536) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      unpacking.push(stored.subarray(at, Math.min(at + 65536, end)));
    }
    return unpacking.end();
  });
  const options = snapshot.restoringOptions(Promise.resolve(unpacking.bytes), filled);
  const hook = options.fsInit;
  const state = { writtenAfterHook: null };
  options.fsInit = (...args) => {
    state.writtenAfterHook = unpacking.bytes.every((b) => b === 0);  // nothing written yet
    write();
    return hook(...args);
  };
  return { options, state };
}

const whole = startingFromStored();
const later = await loadPyodide({ stdLibURL, ...whole.options });
const restored = snapshot.restored(later, ENTRY);
later.unpackArchive(wheel, "wheel");
const again = answers(later);

const cut = startingFromStored({ broken: true });
const unfilled = await loadPyodide({ stdLibURL, ...cut.options }).then(() => "started", (error) => String(error));

process.stdout.write(JSON.stringify({
  size: bytes.byteLength,
  kept: stored.byteLength,
  sameBytes,
  restored,
  writtenAfterHook: whole.state.writtenAfterHook,
  unfilled,
  refused: snapshot.looksLikeSnapshot(new Uint8Array(64)),
  fresh,
  again,
}));
