// The calculators' Web Worker: starts Pyodide (served by this site), loads our wheel, and answers
// compute requests by calling calculators.browser.compute. No calculation is written in
// JavaScript; this file only moves JSON between the page and Python, and reports how the start
// goes: bytes downloaded so far (so that the page can judge progress, not time), and at once
// when the browser cannot instantiate Pyodide's WebAssembly (Pyodide itself only logs a warning
// and waits forever).
import { loadPyodide } from "../pyodide/pyodide.mjs";
import * as snapshot from "./pyodide-snapshot.js";
import * as snapshots from "./snapshot-store.js";

let api = null;
let starting = null;

// When something happened, on the clock pages use too (scripts/bench reads it: a busy page
// receives messages late, so the time a message arrives is not the time it was sent).
const now = () => performance.timeOrigin + performance.now();

// --- how the download goes ------------------------------------------------------------------

// What has come of the big files the start needs, in bytes over the network: each file's body
// is counted as it is read (after the transfer coding is undone), then scaled to what the link
// carries for it: the response's Content-Length (of the compressed body, when the host
// compressed it), else, until the response says, the manifest's figure for the coding the host
// uses (gzip, or the Brotli copy the build wrote).
// A member on mobile data is shown the megabytes their data plan pays for.
const received = new Map();  // file name -> { decoded, wire (null: not told) }
let sizes = null;  // the manifest's `download`: { name: { size, gzip, br? } }
let coding = "gzip";  // what the host does, as its first counted response says
let lastSent = 0;

function counted() {
  // Before the manifest has come: the bytes as they are, with no total (nothing to show yet,
  // but the page still sees bytes arriving).
  if (sizes === null) {
    const decoded = [...received.values()].reduce((sum, got) => sum + got.decoded, 0);
    return { loaded: decoded, total: 0, complete: false };
  }
  let loaded = 0, total = 0, complete = true;
  for (const [name, size] of Object.entries(sizes)) {
    const got = received.get(name);
    const wire = got?.wire || (coding === "identity" ? size.size : size[coding] || size.gzip);
    const part = got ? Math.min(1, got.decoded / size.size) : 0;
    total += wire;
    loaded += part * wire;
    if (part < 1) complete = false;
  }
  for (const [name, got] of received) {  // another file (the full standard library): as it comes
    if (name in sizes) continue;
    loaded += got.decoded;
    total += Math.max(got.decoded, got.wire || 0);
  }
  return { loaded: Math.round(loaded), total: Math.round(total), complete };
}

function report(step, text, force = false) {
  const at = now();
  if (!force && at - lastSent < 250) return;  // a few messages a second are enough
  lastSent = at;
  self.postMessage({ type: "progress", step, of: 3, text, ...counted(), at });
}

let phase = { step: 1, text: "Đang tải bộ tính toán…" };
function progress(step, text) {
  phase = { step, text };
  report(step, text, true);
}

const COUNTED = /(pyodide\.asm\.wasm|python_stdlib[^/]*\.zip|calculators-[^/]*\.whl)$/;
const realFetch = self.fetch.bind(self);
// The response itself goes to Pyodide untouched (a rebuilt Response would have no URL, and
// Chromium would then neither compile the WebAssembly while it streams nor keep the compiled
// code for the next visit); a clone of its body is read only to count the bytes as they come.
self.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  const url = String(input instanceof Request ? input.url : input);
  if (!COUNTED.test(url) || !response.body) return response;
  const name = new URL(url, self.location.href).pathname.split("/").pop();
  const encoded = response.headers.get("Content-Encoding");
  const length = Number(response.headers.get("Content-Length")) || null;
  if (received.size === 0) coding = encoded || "identity";
  const got = { decoded: 0, wire: length };
  received.set(name, got);
  const reader = response.clone().body.getReader();
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got.decoded += value.byteLength;
      report(phase.step, phase.text);
    }
    report(phase.step, phase.text, true);  // a file complete: always said
  })().catch(() => {});  // a broken transfer shows as no more bytes (the page's stall watch)
  return response;
};

// Pyodide catches a failed instantiation, logs "wasm instantiation failed!" and never settles:
// say so at once instead. While a start from a snapshot is tried, the failure only ends that
// try (`restoring` rejects), and the normal start follows.
let restoring = null;  // { fail(error) } while a snapshot is tried
for (const name of ["instantiate", "instantiateStreaming"]) {
  const real = WebAssembly[name];
  WebAssembly[name] = (...args) => real.apply(WebAssembly, args).catch((error) => {
    if (restoring) restoring.fail(error);
    else self.postMessage({ type: "failed", reason: "instantiate", message: String(error) });
    throw error;
  });
}

// --- the start ------------------------------------------------------------------------------

const ENTRY = "calculators.browser";

async function start(assets) {
  progress(1, "Đang tải bộ tính toán…");
  const manifest = fetch(new URL("calculators/manifest.json", assets)).then((r) => r.json());
  manifest.then((m) => { sizes = m.download || {}; }, () => {});
  const indexURL = new URL("pyodide/", assets).href;
  const stdLibURL = new URL(TRIMMED, indexURL).href;
  const wheel = manifest.then((m) => fetch(new URL(`calculators/${m.wheel}`, assets))).then((r) => {
    if (!r.ok) throw new Error(`wheel ${r.status}`);
    return r.arrayBuffer();
  });
  wheel.catch(() => {});  // reported when awaited below
  afresh = () => startAfresh({ indexURL, stdLibURL }, wheel);
  // A return visit: the snapshot of the engine kept on this device, if it is this version's.
  const keptKey = await snapshots.kept();
  if (keptKey && await fromSnapshot(keptKey, manifest, wheel, { indexURL, stdLibURL })) return manifest;
  await afresh();
  return manifest;
}

// Python starts at once, on the standard library trimmed to what the calculators import
// (calculators/tools/site/stdlib.py); the manifest and our wheel download meanwhile.
let afresh = null;  // the normal start, once start() has said where the files are
async function startAfresh(where, wheel) {
  const booting = loadPyodide({ ...where, ...(snapshots.usable() ? snapshot.takingOptions() : {}) });
  progress(2, "Đang khởi động bộ tính toán…");
  const pyodide = await booting;
  progress(3, "Đang nạp dữ liệu các mức hỗ trợ…");
  pyodide.unpackArchive(await wheel, "wheel");
  engine = pyodide;
  api = await withFullStdlibIfNeeded(() => pyodide.pyimport(ENTRY));
  origin = "start";
}

// --- the memory snapshot of the ready engine ------------------------------------------------
//
// After a first start, once the page has its answer and the worker is idle, the memory of the
// ready engine is kept on the device (pyodide-snapshot.js takes it, snapshot-store.js keeps it
// gzipped under the manifest's key); a later visit starts from it in a fraction of the time.
// A start from a snapshot unpacks the wheel again (a snapshot holds memory, not files), and each
// calculator must give the build's answer to its known case (the manifest's probe) before it
// answers anyone: the calculator the page asks for first is checked before "ready", the others
// right after its answer. Anything else deletes the snapshot and the normal start follows,
// unseen by the reader (for a later probe, the normal start replaces the engine in use).
// Never kept under Save-Data, after the full standard library had to be loaded (the snapshot
// would expect it), or without room to spare on the device.

let origin = "start";  // how the engine in use started: "start" or "snapshot" ("replacing": see replace())
let rejected = null;  // why a kept snapshot was not used
let restoredIn = null;  // ms per phase of a start from a snapshot
let idle = null;  // the timer that keeps a snapshot once the worker is idle
let snapshotTaken = false;  // this worker took a snapshot (or gave up on one)
let saveData = Boolean(self.navigator?.connection?.saveData);
const KEEP_AFTER_IDLE_MS = 1500;

async function sha256(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// Each probe's answer must be the build's, to the byte.
async function checkProbes(entry, probes) {
  if (!probes?.length) throw new Error("no probe to check the engine with");
  for (const probe of probes) {
    const answer = entry.compute(probe.calculator, JSON.stringify(probe.inputs), JSON.stringify(probe.assume));
    if (await sha256(answer) !== probe.sha256) throw new Error(`probe ${probe.calculator} differs`);
  }
}

// The snapshot is read and written into the engine's memory while Pyodide's own files load and
// it prepares that memory (pyodide-snapshot.js: Pyodide restores it only once it is whole); it
// is used only if it is this version's (the manifest's key).
async function fromSnapshot(keptKey, manifest, wheel, where) {
  const began = now();
  let read = null;
  let notTheSnapshot = false;  // the manifest or the wheel failed: the normal start says so
  const kept = (async () => {
    const [m, stored] = await Promise.all([
      manifest.catch((error) => { notTheSnapshot = true; throw error; }),
      snapshots.read(keptKey),
    ]);
    if (m.snapshot?.key !== keptKey) throw new Error("a snapshot of another version");
    if (!stored) throw new Error("not a snapshot");
    return stored;
  })();
  const bytes = kept.then((stored) => stored.bytes);
  bytes.catch(() => {});  // reported through `filled` (loadPyodide may not have awaited it yet)
  const filled = kept.then((stored) => stored.filled).then(() => { read = now(); });
  try {
    progress(2, "Đang khởi động bộ tính toán…");
    const failed = new Promise((_, reject) => { restoring = { fail: reject }; });
    filled.catch((error) => restoring?.fail(error));  // at once: Pyodide would only fail later
    const pyodide = await Promise.race([loadPyodide({ ...where, ...snapshot.restoringOptions(bytes, filled) }), failed]);
    if (!snapshot.restored(pyodide, ENTRY)) throw new Error("Pyodide started afresh");
    const loaded = now();
    progress(3, "Đang nạp dữ liệu các mức hỗ trợ…");
    const files = await wheel.catch((error) => { notTheSnapshot = true; throw error; });
    pyodide.unpackArchive(files, "wheel");
    const entry = pyodide.pyimport(ENTRY);
    const unpacked = now();
    const probes = (await manifest).snapshot.probes;
    const first = probes?.find((p) => p.calculator === firstAsked) ?? probes?.[0];
    if (!first) throw new Error("no probe to check the snapshot with");
    await checkProbes(entry, [first]);
    [engine, api, origin, snapshotKey] = [pyodide, entry, "snapshot", keptKey];
    checked.set(first.calculator, Promise.resolve());
    // Where a start from a snapshot spends its time (scripts/bench prints it): the memory
    // written whole (while Pyodide loads), then Python restored, the wheel, the first probe.
    restoredIn = { read: read - began, restore: loaded - read, wheel: unpacked - loaded, probes: now() - unpacked };
    return true;
  } catch (error) {
    rejected = String(error);
    if (!notTheSnapshot) await snapshots.remove(keptKey).catch(() => {});
    return false;
  } finally {
    restoring = null;
  }
}

// --- the other probes of an engine started from a snapshot ----------------------------------

let firstAsked = null;  // the calculator the page asked for first (its probe is checked first)
const checked = new Map();  // calculator -> its probe's check on the engine in use
let snapshotKey = null;  // the key of the snapshot the engine in use started from
let replacing = null;

// What `use` returns, given the engine's entry module once that engine may answer for
// `calculator` (for all of them: null): at once after a normal start; from a snapshot, once the
// calculator's probe gave the build's answer on it (a calculator without a probe of its own
// waits for all of them), else once a normal start has replaced it. The engine is looked at
// again just before `use` runs: another calculator's probe may have failed meanwhile.
async function withTrusted(calculator, use) {
  const probes = (await starting).snapshot?.probes ?? [];
  const own = probes.filter((p) => p.calculator === calculator);
  for (;;) {
    for (const probe of own.length ? own : probes) {
      if (origin !== "snapshot") break;
      if (!checked.has(probe.calculator)) checked.set(probe.calculator, checkProbes(api, [probe]));
      await checked.get(probe.calculator).catch(replace);
    }
    if (origin !== "snapshot") await replacing;
    if (origin !== "replacing") return use(api);
  }
}

// A probe gave another answer: this engine answers nothing more. The snapshot is deleted and a
// normal start takes over; the page is told "replaced" (it was ready already, and stays so).
function replace(error) {
  replacing ??= (async () => {
    rejected = String(error);
    origin = "replacing";
    checked.clear();
    fullStdlib = null;  // the new engine starts on the trimmed standard library
    await snapshots.remove(snapshotKey).catch(() => {});
    await afresh();
    self.postMessage({ type: "replaced", from: origin, rejected, at: now() });
  })();
  return replacing;
}

// Called after each answer: keep a snapshot once the worker has been idle for a moment.
function keepWhenIdle() {
  if (origin !== "start" || snapshotTaken) return;
  clearTimeout(idle);
  idle = setTimeout(() => { snapshotTaken = true; keepSnapshot(); }, KEEP_AFTER_IDLE_MS);
}

function said(state, details = {}) {
  self.postMessage({ type: "snapshot", state, ...details, at: now() });
}

async function keepSnapshot() {
  const m = await starting;
  const key = m.snapshot?.key;
  const notNow = !snapshots.usable() ? "unsupported" : saveData ? "save-data"
    : fullStdlib ? "full-stdlib" : !key ? "no-key" : null;
  if (notNow) return said("skipped", { why: notNow });
  try {
    const started = performance.now();
    await checkProbes(api, m.snapshot.probes);
    const bytes = snapshot.take(engine);
    const takeMs = performance.now() - started;
    if (!(await snapshots.roomFor(bytes.byteLength))) return said("skipped", { why: "room" });
    const stored = await snapshots.keep(key, bytes);
    said("kept", { size: bytes.byteLength, stored, takeMs, keepMs: performance.now() - started });
  } catch (error) {
    said("skipped", { why: "failed", message: String(error) });
  }
}

// A module missing from the trimmed standard library: put the full one in its place (the same
// path Pyodide mounted it on), forget what the importers cached, and try once more.
const TRIMMED = "python_stdlib_trimmed.zip";
let engine = null;
let fullStdlib = null;

function missingModule(error) {
  return /ModuleNotFoundError|ImportError/.test(String(error));
}

async function withFullStdlibIfNeeded(action) {
  try {
    return action();
  } catch (error) {
    if (!missingModule(error) || !engine) throw error;
    fullStdlib ??= (async () => {
      const response = await fetch(new URL("../pyodide/python_stdlib.zip", import.meta.url));
      const [major, minor] = engine.runPython("import sys; sys.version_info[:2]").toJs();
      engine.FS.writeFile(`/lib/python${major}${minor}.zip`, new Uint8Array(await response.arrayBuffer()));
      engine.runPython("import importlib, sys, zipimport; zipimport._zip_directory_cache.clear(); sys.path_importer_cache.clear(); importlib.invalidate_caches()");
    })();
    await fullStdlib;
    return action();
  }
}

// Python starts as soon as this worker runs: the page may create it before its own scripts load
// (docs/_theme/main.html); the page's "start" message then only asks to hear when it is ready.
starting = start(new URL("../", import.meta.url).href);
starting.catch(() => {});  // reported in answer to "start"

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "start") {
    starting ??= start(msg.assets);
    saveData ||= Boolean(msg.saveData);
    try {
      const manifest = await starting;
      self.postMessage({ type: "ready", checkedOn: manifest.checked_on, from: origin, rejected, restoredIn, at: now() });
      keepWhenIdle();
      // After the first answer (its task runs first): the probes of the other calculators.
      if (origin === "snapshot") setTimeout(() => withTrusted(null, () => {}).catch(() => {}), 0);
    } catch (error) {
      self.postMessage({ type: "failed", reason: "start", message: String(error) });
    }
  } else if (msg.type === "compute") {
    firstAsked ??= msg.name;
    try {
      let started = null;  // once the engine may answer: the compute's own time is reported
      const payload = await withTrusted(msg.name, (entry) => {
        started = performance.now();
        return withFullStdlibIfNeeded(() => entry.compute(msg.name, msg.answers, msg.assume));
      });
      self.postMessage({ type: "result", id: msg.id, payload, ms: performance.now() - started, at: now() });
      keepWhenIdle();
    } catch (error) {
      self.postMessage({ type: "result", id: msg.id, payload: JSON.stringify({ errors: { form: "Máy tính gặp lỗi. Hãy tải lại trang." } }), crash: String(error) });
    }
  } else if (msg.type === "areas") {
    // A list of ấp pasted or chosen as a file, read by Python into the form's rows.
    try {
      const payload = await withTrusted(null, (entry) => entry.read_areas(msg.text));
      self.postMessage({ type: "result", id: msg.id, payload, at: now() });
    } catch (error) {
      self.postMessage({ type: "result", id: msg.id, payload: JSON.stringify({ errors: { paste: "Máy tính gặp lỗi. Hãy tải lại trang." } }), crash: String(error) });
    }
  }
};
