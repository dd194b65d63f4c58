// Connection to the calculators' Web Worker (Python in Pyodide). One worker per browser tab,
// kept across instant navigation; it starts only when a page with a calculator asks for it, and
// gives up with a clear message after a deadline (a wrong .wasm type makes Pyodide hang).

// A test may shorten the deadline by setting window.__calcStartDeadlineMs before the page loads.
export const START_DEADLINE_MS = globalThis.__calcStartDeadlineMs ?? 60000;

const assets = new URL("../", import.meta.url);
let worker = null;
let ready = null;
let sequence = 0;
const waiting = new Map();
const progressListeners = new Set();

export function onProgress(listener) {
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

export function start() {
  if (ready) return ready;
  ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("deadline")), START_DEADLINE_MS);
    try {
      worker = new Worker(new URL("js/calculator-worker.js", assets), { type: "module" });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    worker.addEventListener("message", (event) => {
      const msg = event.data;
      if (msg.type === "progress") {
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
    });
    worker.addEventListener("error", (event) => {
      clearTimeout(timer);
      reject(new Error(event.message || "worker error"));
    });
    worker.postMessage({ type: "start", assets: assets.href });
  });
  return ready;
}

export async function compute(name, answers, assume) {
  await start();
  const id = ++sequence;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({
      type: "compute", id, name,
      answers: JSON.stringify(answers), assume: JSON.stringify(assume),
    });
  });
}
