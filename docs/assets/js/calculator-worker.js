// The calculators' Web Worker: starts Pyodide (served by this site), loads our wheel, and answers
// compute requests by calling calculators.browser.compute. No calculation is written in
// JavaScript; this file only moves JSON between the page and Python.
import { loadPyodide } from "../pyodide/pyodide.mjs";

let api = null;
let starting = null;

// When something happened, on the clock pages use too (scripts/bench reads it: a busy page
// receives messages late, so the time a message arrives is not the time it was sent).
const now = () => performance.timeOrigin + performance.now();

function progress(step, text) {
  self.postMessage({ type: "progress", step, of: 3, text, at: now() });
}

async function start(assets) {
  progress(1, "Đang tải bộ tính toán…");
  // Python starts at once; the manifest and our wheel download meanwhile.
  const booting = loadPyodide({ indexURL: new URL("pyodide/", assets).href });
  const manifest = fetch(new URL("calculators/manifest.json", assets)).then((r) => r.json());
  const wheel = manifest.then((m) => fetch(new URL(`calculators/${m.wheel}`, assets))).then((r) => {
    if (!r.ok) throw new Error(`wheel ${r.status}`);
    return r.arrayBuffer();
  });
  wheel.catch(() => {});  // reported when awaited below
  progress(2, "Đang khởi động bộ tính toán (lần đầu có thể mất vài giây)…");
  const pyodide = await booting;
  progress(3, "Đang nạp dữ liệu các mức hỗ trợ…");
  pyodide.unpackArchive(await wheel, "wheel");
  api = pyodide.pyimport("calculators.browser");
  return manifest;
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
      self.postMessage({ type: "failed", message: String(error) });
    }
  } else if (msg.type === "compute") {
    try {
      await starting;
      const started = performance.now();
      const payload = api.compute(msg.name, msg.answers, msg.assume);
      self.postMessage({ type: "result", id: msg.id, payload, ms: performance.now() - started, at: now() });
    } catch (error) {
      self.postMessage({ type: "result", id: msg.id, payload: JSON.stringify({ errors: { form: "Máy tính gặp lỗi. Hãy tải lại trang." } }), crash: String(error) });
    }
  }
};
