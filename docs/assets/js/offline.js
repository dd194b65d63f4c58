// The page side of offline use: registers the service worker (assets/js/offline-worker.js via
// the generated sw.js), and tells the reader, in the notice area under the header
// (docs/_theme/main.html), when they read the copy saved on this device without a network, and
// when a newer version of the guide is ready, and whether its figures differ from those on screen:
// each build's sw.js carries the figures' content version and every figure in words
// (calculators/tools/site/published.py), so the notice can name what changed.
//
// The worker is registered only after the page has loaded and, on a calculator page, after the
// calculator has started: saving the site for offline use (about 13 MB, mostly Pyodide) never
// competes with what the reader is waiting for. A browser set to save data is left alone.

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
  setNotice("offline", (box) => {
    const p = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = "Không có mạng.";
    p.append(strong, ` Bạn đang xem bản đã lưu trên máy này. Số liệu được kiểm tra ngày ${figuresDate()}.`);
    box.append(p);
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

async function calculatorStarted() {
  if (!document.querySelector("form.calc[data-calculator]")) return;
  try {
    const { start } = await import("./engine.js");
    await start();
  } catch {
    // The form explains a failed start; saving for offline use may still help later.
  }
}

// A development server (`mkdocs serve`) keeps no offline copy: remove one left on its address.
async function removeSavedCopy() {
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((r) => r.unregister()));
}

async function register() {
  if (!("serviceWorker" in navigator)) return;
  if (document.querySelector('meta[name="offline-copy"][content="off"]')) {
    removeSavedCopy();
    return;
  }
  if (navigator.connection?.saveData) return;
  if (document.readyState !== "complete") await new Promise((r) => window.addEventListener("load", r, { once: true }));
  await calculatorStarted();
  try {
    const registration = await navigator.serviceWorker.register(new URL("sw.js", root), {
      scope: root.href, updateViaCache: "none",
    });
    watch(registration);
  } catch (error) {
    console.warn("Offline use is not available:", error);
  }
}

window.addEventListener("online", showConnection);
window.addEventListener("offline", showConnection);
// The notice area is outside the part instant navigation replaces; still check on every page.
onEveryPage(showConnection);
register();
