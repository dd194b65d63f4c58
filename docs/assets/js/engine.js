// Connection to the calculators' Web Worker (Python in Pyodide). One worker per browser tab,
// kept across instant navigation; it starts only on a page with a calculator (created early by
// the page's <head>, or here on instant navigation to such a page), and gives up with a clear
// message after a deadline (a wrong .wasm type makes Pyodide hang).

// A test may shorten the deadline by setting window.__calcStartDeadlineMs before the page loads.
export const START_DEADLINE_MS = globalThis.__calcStartDeadlineMs ?? 60000;

const assets = new URL("../", import.meta.url);
let worker = null;
let ready = null;
let sequence = 0;
const waiting = new Map();
const progressListeners = new Set();
let lastProgress = null;

// A listener that joins late (the start may begin from the page's <head>, before the forms are
// bound) hears the latest progress message at once.
export function onProgress(listener) {
  progressListeners.add(listener);
  if (lastProgress) listener(lastProgress);
  return () => progressListeners.delete(listener);
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

export function start() {
  if (ready) return ready;
  ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("deadline")), START_DEADLINE_MS);
    const handle = (msg) => {
      if (msg.type === "progress") {
        lastProgress = msg;
        progressListeners.forEach((listener) => listener(msg));
      } else if (msg.type === "ready") {
        clearTimeout(timer);
        resolve(msg);
      } else if (msg.type === "failed") {
        clearTimeout(timer);
        reject(new Error(msg.message));
      } else if (msg.type === "result") {
        const done = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (done) done({ ...JSON.parse(msg.payload), ms: msg.ms });
      }
    };
    const early = adoptEarlyWorker();
    try {
      worker = early ? early.worker : new Worker(new URL("js/calculator-worker.js", assets), { type: "module" });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    worker.addEventListener("message", (event) => handle(event.data));
    worker.addEventListener("error", (event) => handle({ type: "failed", message: event.message || "worker error" }));
    early?.early.forEach(handle);
    worker.postMessage({ type: "start", assets: assets.href });
  });
  return ready;
}

// The request goes to the worker at once, even while Python is still starting: the worker
// answers it as soon as it can (no extra round trip through a busy page after "ready").
export function compute(name, answers, assume) {
  const started = start();
  const id = ++sequence;
  const answered = new Promise((resolve) => waiting.set(id, resolve));
  worker?.postMessage({
    type: "compute", id, name,
    answers: JSON.stringify(answers), assume: JSON.stringify(assume),
  });
  return started.then(() => answered);
}
