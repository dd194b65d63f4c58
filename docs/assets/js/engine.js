// Connection to the calculators' Web Worker (Python in Pyodide). One worker per browser tab,
// kept across instant navigation; it starts only on a page with a calculator (created early by
// the page's <head>, or here on instant navigation to such a page).
//
// On a slow phone link the start takes as long as its bytes take: there is no deadline while
// bytes keep arriving. The start fails only when it truly cannot finish: the browser cannot
// instantiate Pyodide's WebAssembly (the worker says so at once), no byte has arrived for a
// while (a stalled transfer), or everything has arrived and Python still has not started. A
// failed start may still finish (the worker is kept; a later "ready" is taken), and `retry()`
// starts a new worker without reloading the page.

// How long a start may go without a new byte, and how long Python may take after the last one.
// Read each time the watch is set: a test may shorten them by setting the globals, before the
// page loads or once a start is ready.
export const stallMs = () => globalThis.__calcStallMs ?? 20000;
const settleMs = () => globalThis.__calcSettleMs ?? 120000;

const assets = new URL("../", import.meta.url);
let worker = null;
let attempt = null;  // { ready: Promise, state: "starting" | "ready" | "failed", error }
let sequence = 0;
const waiting = new Map();
const progressListeners = new Set();
const stateListeners = new Set();
let lastProgress = null;
let snapshotNews = null;

// A listener that joins late (the start may begin from the page's <head>, before the forms are
// bound) hears the latest progress message at once.
export function onProgress(listener) {
  progressListeners.add(listener);
  if (lastProgress) listener(lastProgress);
  return () => progressListeners.delete(listener);
}

// "ready" or "failed" (with the error), whenever the start settles, again after a retry or a
// late recovery.
export function onState(listener) {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

export function state() {
  return attempt ? { state: attempt.state, error: attempt.error } : { state: "idle" };
}

// What the worker said of the memory snapshot: {state: "kept", size, stored, takeMs, keepMs} or
// {state: "skipped", why}; null until it has said.
export function snapshotState() {
  return snapshotNews;
}

// The worker the page's <head> created before this module loaded (see docs/_theme/main.html),
// with the messages it sent meanwhile; taken once.
function adoptEarlyWorker() {
  const early = globalThis.__calcEarlyWorker;
  if (!early) return null;
  delete globalThis.__calcEarlyWorker;
  early.worker.removeEventListener("message", early.keep);
  early.worker.removeEventListener("error", early.failed);
  return early;
}

function settle(current, outcome, error) {
  if (current !== attempt) return;  // an attempt given up for a new one
  current.state = outcome;
  current.error = error;
  stateListeners.forEach((listener) => listener({ state: outcome, error }));
}

export function start() {
  if (attempt) return attempt.ready;
  const current = { state: "starting", error: null };
  attempt = current;
  current.ready = new Promise((resolve, reject) => {
    let watchdog = null;
    let seen = -1;
    let failed = false;
    // Judge progress, not time: give up only when no byte came for stallMs() while bytes are
    // still expected, or settleMs() after the last one without "ready".
    const watch = (done) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => fail(new Error(done ? "settle" : "stalled")), done ? settleMs() : stallMs());
    };
    const fail = (error) => {
      clearTimeout(watchdog);
      if (failed) return;
      failed = true;
      reject(error);
      settle(current, "failed", error);
    };
    const handle = (msg) => {
      if (msg.type === "progress") {
        lastProgress = msg;
        progressListeners.forEach((listener) => listener(msg));
        // Only a start is watched: bytes after "ready" (the full standard library, or a normal
        // start replacing an engine from a snapshot) come to a form that already answers.
        if (msg.loaded !== seen && current.state !== "ready") {
          seen = msg.loaded;
          watch(msg.complete);
        }
      } else if (msg.type === "ready") {
        clearTimeout(watchdog);
        if (failed) {
          // A slow start that was given up on finished after all: the form works from now on.
          current.ready = Promise.resolve(msg);
        } else {
          resolve(msg);
        }
        failed = false;
        // Whether the engine started from a snapshot kept on this device ("snapshot") or afresh.
        document.documentElement.dataset.calcEngine = msg.from || "start";
        if (msg.rejected) document.documentElement.dataset.calcSnapshotRejected = msg.rejected;
        settle(current, "ready", null);
      } else if (msg.type === "replaced") {
        // An engine from a snapshot failed a later probe and a normal start took its place
        // (the form stays ready: its answers just wait for the new engine).
        document.documentElement.dataset.calcEngine = msg.from;
        document.documentElement.dataset.calcSnapshotRejected = msg.rejected;
      } else if (msg.type === "snapshot") {
        // The memory snapshot of this start was kept on the device, or why not (the worker's
        // "snapshot" message); tests and scripts/bench read it.
        snapshotNews = msg;
        document.documentElement.dataset.calcSnapshot = msg.state;
      } else if (msg.type === "failed") {
        fail(new Error(msg.reason || "start"));
      } else if (msg.type === "result") {
        const done = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (done) done({ ...JSON.parse(msg.payload), ms: msg.ms });
      }
    };
    const early = current === attempt && !worker ? adoptEarlyWorker() : null;
    try {
      worker = early ? early.worker : new Worker(new URL("js/calculator-worker.js", assets), { type: "module" });
    } catch (error) {
      fail(error);
      return;
    }
    worker.addEventListener("message", (event) => handle(event.data));
    worker.addEventListener("error", (event) => handle({ type: "failed", reason: "worker", message: event.message }));
    watch(false);
    early?.early.forEach(handle);
    // The page's Save-Data (the worker's own may not be set): no snapshot is kept under it.
    worker.postMessage({ type: "start", assets: assets.href, saveData: Boolean(navigator.connection?.saveData) });
  });
  current.ready.catch(() => {});  // reported through the state and to compute()
  return current.ready;
}

// A new worker, without reloading the page: after a failed start, when the reader asks.
export function retry() {
  worker?.terminate();
  worker = null;
  attempt = null;
  lastProgress = null;
  for (const [id, done] of waiting) {
    waiting.delete(id);
    done({ errors: { form: "Đang tải lại bộ tính toán. Hãy bấm “Tính” lại." } });
  }
  return start();
}

// A list of ấp as pasted or read from a file, read by Python (calculators.browser.read_areas).
export function readAreas(text) {
  return ask({ type: "areas", text });
}

// The request goes to the worker at once, even while Python is still starting: the worker
// answers it as soon as it can (no extra round trip through a busy page after "ready").
export function compute(name, answers, assume) {
  return ask({ type: "compute", name, answers: JSON.stringify(answers), assume: JSON.stringify(assume) });
}

function ask(message) {
  const started = start();
  const current = attempt;
  if (current.state === "failed") return Promise.reject(current.error);
  const id = ++sequence;
  const answered = new Promise((resolve) => waiting.set(id, resolve));
  worker?.postMessage({ ...message, id });
  // A start that fails meanwhile rejects; one that recovers later answers then.
  return started.then(() => answered, (error) => current.state === "ready" ? answered : Promise.reject(error));
}
