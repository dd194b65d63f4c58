// The calculators' Web Worker: starts Pyodide (served by this site), loads our wheel, and answers
// compute requests by calling calculators.browser.compute. No calculation is written in
// JavaScript; this file only moves JSON between the page and Python, and reports how the start
// goes: bytes downloaded so far (so that the page can judge progress, not time), and at once
// when the browser cannot instantiate Pyodide's WebAssembly (Pyodide itself only logs a warning
// and waits forever).
import { loadPyodide } from "../pyodide/pyodide.mjs";

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
// say so at once instead.
for (const name of ["instantiate", "instantiateStreaming"]) {
  const real = WebAssembly[name];
  WebAssembly[name] = (...args) => real.apply(WebAssembly, args).catch((error) => {
    self.postMessage({ type: "failed", reason: "instantiate", message: String(error) });
    throw error;
  });
}

// --- the start ------------------------------------------------------------------------------

async function start(assets) {
  progress(1, "Đang tải bộ tính toán…");
  const manifest = fetch(new URL("calculators/manifest.json", assets)).then((r) => r.json());
  manifest.then((m) => { sizes = m.download || {}; }, () => {});
  // Python starts at once, on the standard library trimmed to what the calculators import
  // (calculators/tools/site/stdlib.py); the manifest and our wheel download meanwhile.
  const indexURL = new URL("pyodide/", assets).href;
  const booting = loadPyodide({ indexURL, stdLibURL: new URL(TRIMMED, indexURL).href });
  const wheel = manifest.then((m) => fetch(new URL(`calculators/${m.wheel}`, assets))).then((r) => {
    if (!r.ok) throw new Error(`wheel ${r.status}`);
    return r.arrayBuffer();
  });
  wheel.catch(() => {});  // reported when awaited below
  progress(2, "Đang khởi động bộ tính toán…");
  const pyodide = await booting;
  progress(3, "Đang nạp dữ liệu các mức hỗ trợ…");
  pyodide.unpackArchive(await wheel, "wheel");
  engine = pyodide;
  api = await withFullStdlibIfNeeded(() => pyodide.pyimport("calculators.browser"));
  return manifest;
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
    try {
      const manifest = await starting;
      self.postMessage({ type: "ready", checkedOn: manifest.checked_on, at: now() });
    } catch (error) {
      self.postMessage({ type: "failed", reason: "start", message: String(error) });
    }
  } else if (msg.type === "compute") {
    try {
      await starting;
      const started = performance.now();
      const payload = await withFullStdlibIfNeeded(() => api.compute(msg.name, msg.answers, msg.assume));
      self.postMessage({ type: "result", id: msg.id, payload, ms: performance.now() - started, at: now() });
    } catch (error) {
      self.postMessage({ type: "result", id: msg.id, payload: JSON.stringify({ errors: { form: "Máy tính gặp lỗi. Hãy tải lại trang." } }), crash: String(error) });
    }
  } else if (msg.type === "areas") {
    // A list of ấp pasted or chosen as a file, read by Python into the form's rows.
    try {
      await starting;
      self.postMessage({ type: "result", id: msg.id, payload: api.read_areas(msg.text), at: now() });
    } catch (error) {
      self.postMessage({ type: "result", id: msg.id, payload: JSON.stringify({ errors: { paste: "Máy tính gặp lỗi. Hãy tải lại trang." } }), crash: String(error) });
    }
  }
};
