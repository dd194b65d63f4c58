// The page side of offline use: registers the service worker (assets/js/offline-worker.js via
// the generated sw.js), and tells the reader, in the notice area under the header
// (docs/_theme/main.html), when they read the copy saved on this device without a network, and
// when a newer version of the guide is ready, and whether its figures differ from those on screen:
// each build's sw.js carries the figures' content version and every figure in words
// (calculators/tools/site/published.py), so the notice can name what changed.
//
// Saving gives way to reading. The worker is registered only after the page has loaded and, on a
// calculator page, after the calculator has answered or started (the "calculator:settled"
// event), so saving the site (about 1 MB of pages) never competes with the page's own first
// answer. The calculators' engine (Pyodide, about 14 MB) is saved only for a reader who used a
// calculator, and only on a link that is not slow or metered (Save-Data, 2G/3G, cellular); anyone
// can save it from the trainers' offline page (a button with its progress). A browser set to save
// data gets no service worker unless the reader presses that button.

import { figuresNews } from "./figures-news.js";
import { onEveryPage } from "./pages.js";

const root = new URL("../../", import.meta.url);  // this file is assets/js/offline.js
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? "";
const figuresDate = () => meta("figures-checked-on");
let reloadRequested = false;

function notices() {
  return document.getElementById("site-notices");
}

function setNotice(kind, build) {
  const area = notices();
  if (!area) return;
  area.querySelector(`[data-notice="${kind}"]`)?.remove();
  if (!build) return;
  const box = document.createElement("div");
  box.className = `site-notice site-notice--${kind}`;
  box.dataset.notice = kind;
  build(box);
  area.append(box);
}

function showConnection() {
  if (navigator.onLine) {
    setNotice("offline", null);
    return;
  }
  // Only a page the service worker serves is a saved copy; say so only then.
  const saved = Boolean(navigator.serviceWorker?.controller);
  setNotice("offline", (box) => {
    const p = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = "Không có mạng.";
    p.append(strong, saved
      ? ` Bạn đang xem bản đã lưu trên máy này. Số liệu được kiểm tra ngày ${figuresDate()}.`
      : ` Trang này chưa được lưu trên máy này: các trang khác có thể không mở được. Số liệu trên trang kiểm tra ngày ${figuresDate()}.`);
    box.append(p);
  });
}

function told(text) {
  setNotice("saved", (box) => {
    const p = document.createElement("p");
    p.textContent = text;
    box.append(p);
  });
}

// A slow or metered link, as the browser tells it: no background download of the engine there.
export function metered() {
  const c = navigator.connection;
  if (!c) return false;
  return Boolean(c.saveData) || ["slow-2g", "2g", "3g"].includes(c.effectiveType) || c.type === "cellular";
}

function ask(worker, message) {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    channel.port1.onmessageerror = reject;
    worker.postMessage(message, [channel.port2]);
  });
}

// Save the engine through the active service worker; `progress` hears {loaded, total}.
function saveEngine(worker, progress) {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === "progress") progress?.(msg);
      else if (msg.type === "done") resolve(msg);
      else if (msg.type === "failed") reject(new Error(msg.message));
    };
    worker.postMessage({ type: "SAVE_ENGINE" }, [channel.port2]);
  });
}

async function askVersion(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 3000);
    channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data); };
    worker.postMessage({ type: "VERSION" }, [channel.port2]);
  });
}

async function offerUpdate(worker) {
  const controller = navigator.serviceWorker.controller;
  const [fresh, current] = await Promise.all([askVersion(worker), controller ? askVersion(controller) : null]);
  const news = figuresNews(fresh, current, meta("figures-version"), figuresDate());
  setNotice("update", (box) => {
    const p = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = "Đã có bản mới của trang.";
    p.append(strong, news.text);
    box.append(p);
    if (news.list.length) {
      const list = document.createElement("ul");
      list.className = "site-notice__changes";
      for (const change of news.list) {
        const item = document.createElement("li");
        item.textContent = change;
        list.append(item);
      }
      box.append(list);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary";
    button.textContent = "Dùng bản mới";
    button.addEventListener("click", () => {
      reloadRequested = true;
      button.disabled = true;
      worker.postMessage({ type: "SKIP_WAITING" });
    });
    box.append(button);
  });
}

function watch(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
      if (worker.state === "activated") document.documentElement.dataset.offlineReady = "1";
    });
  });
  if (registration.active && !registration.installing) document.documentElement.dataset.offlineReady = "1";
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloadRequested) location.reload();
  });
}

// On a calculator page: once the calculator has answered or started (or failed), whichever
// settles last (assets/js/calculators.js sends the event; a late page may have missed it).
async function calculatorSettled() {
  if (!document.querySelector("form.calc[data-calculator]")) return false;
  // The page's own first answer (a shared link's) is drawn before this: not the engine's state.
  if (!document.documentElement.dataset.calculatorSettled) {
    await new Promise((resolve) => document.addEventListener("calculator:settled", resolve, { once: true }));
  }
  const { state } = await import("./engine.js");
  return state().state === "ready";
}

// A development server (`mkdocs serve`) keeps no offline copy: remove one left on its address.
async function removeSavedCopy() {
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((r) => r.unregister()));
}

async function registration() {
  const registered = await navigator.serviceWorker.register(new URL("sw.js", root), {
    scope: root.href, updateViaCache: "none",
  });
  watch(registered);
  return registered;
}

async function register() {
  if (!("serviceWorker" in navigator)) return;
  if (document.querySelector('meta[name="offline-copy"][content="off"]')) {
    removeSavedCopy();
    return;
  }
  if (navigator.connection?.saveData) return;
  if (document.readyState !== "complete") await new Promise((r) => window.addEventListener("load", r, { once: true }));
  const usedCalculator = await calculatorSettled();
  let registered;
  try {
    const first = !navigator.serviceWorker.controller;
    registered = await registration();
    await navigator.serviceWorker.ready;
    if (first) told("Đã lưu xong các trang: dùng được khi không có mạng. Bộ tính toán được lưu khi bạn dùng máy tính qua mạng nhanh, hoặc ở trang Dùng khi không có mạng.");
  } catch (error) {
    console.warn("Offline use is not available:", error);
    return;
  }
  // A reader who used a calculator, on a link that is neither slow nor metered: its engine too.
  if (usedCalculator && !metered() && registered.active) {
    const { total, saved } = await ask(registered.active, { type: "ENGINE_STATUS" });
    if (saved < total) {
      saveEngine(registered.active).then(
        () => told("Đã lưu xong: các trang và bộ tính toán dùng được khi không có mạng."),
        () => {},
      );
    }
  }
}

// The trainers' offline page: a button saves everything, with its progress (even when the
// browser asks to save data: the reader asked).
function megabytes(bytes) {
  return (Math.round(bytes / 1e5) / 10).toString().replace(".", ",");
}

async function offerSaving(box) {
  if (box.dataset.bound) return;
  box.dataset.bound = "1";
  if (!("serviceWorker" in navigator) || document.querySelector('meta[name="offline-copy"][content="off"]')) {
    box.textContent = "Trình duyệt này không lưu được trang để dùng khi không có mạng. Hãy dùng gói cài trên máy tính.";
    return;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button md-button--primary";
  button.textContent = "Lưu trang và bộ tính toán trên máy này";
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  box.replaceChildren(button, status);
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Đang lưu…";
    try {
      const registered = await registration();
      const ready = await navigator.serviceWorker.ready;
      await saveEngine(ready.active ?? registered.active, ({ loaded, total }) => {
        status.textContent = `Đang lưu: ${megabytes(loaded)} / ${megabytes(total)} MB.`;
      });
      status.textContent = "Đã lưu xong: dùng được khi không có mạng.";
      box.dataset.saved = "1";
    } catch (error) {
      status.textContent = "Chưa lưu được (mạng bị ngắt?). Hãy thử lại khi có mạng.";
      button.disabled = false;
    }
  });
}

window.addEventListener("online", showConnection);
window.addEventListener("offline", showConnection);
// The notice area is outside the part instant navigation replaces; still check on every page.
onEveryPage(showConnection);
onEveryPage(() => document.querySelectorAll(".save-offline").forEach(offerSaving));
register();
