// Browser glue for the calculator forms written into the pages at build time.
// Binds each form (again after every instant navigation), keeps the answers in the address so a
// link reproduces a result, shows Python's messages next to the fields, and draws the result.
import { bindAreas, keepRefused, showAreas, takePasted } from "./areas.js";
import { compute, onProgress, onState, retry, start, stallMs, state as engineState } from "./engine.js";
import { onEveryPage } from "./pages.js";
import { renderAssumeInputs, renderResult } from "./result.js";
import { lookup, prefetch } from "./shipped.js";

const ASSUME = "assume.";

function controls(form) {
  const names = [];
  for (const element of form.elements) {
    if (element.name && !element.name.startsWith(ASSUME) && !names.includes(element.name)) names.push(element.name);
  }
  return names;
}

function readAnswers(form) {
  const answers = {};
  for (const name of controls(form)) {
    const control = form.elements.namedItem(name);
    // A field a link gave several times goes to Python as all its values, which it refuses.
    if (form.dataset[`repeated_${name}`]) {
      answers[name] = JSON.parse(form.dataset[`repeated_${name}`]);
    } else if (control instanceof RadioNodeList) {
      const checked = [...control].find((radio) => radio.checked);
      answers[name] = checked ? checked.value : (form.dataset[`raw_${name}`] ?? "");
    } else if (control) {
      answers[name] = control.value;
    }
  }
  return answers;
}

function readAssume(form) {
  const assume = {};
  for (const element of form.elements) {
    if (element.name?.startsWith(ASSUME) && element.value.trim() !== "") {
      assume[element.name.slice(ASSUME.length)] = element.value.trim();
    }
  }
  return assume;
}

function fill(form, params) {
  for (const name of controls(form)) {
    const values = params.getAll(name);
    if (!values.length) continue;
    const value = values[0];  // shown in the form; Python says the link gave more than one
    if (values.length > 1) form.dataset[`repeated_${name}`] = JSON.stringify(values);
    const control = form.elements.namedItem(name);
    if (control instanceof RadioNodeList) {
      const match = [...control].find((radio) => radio.value === value);
      [...control].forEach((radio) => { radio.checked = radio === match; });
      // A value that is no choice (from a hand-edited link) is kept for Python to explain.
      if (!match) form.dataset[`raw_${name}`] = value;
    } else if (control) {
      control.value = value;
    }
  }
  const assume = {};
  for (const [key, value] of params) {
    if (!key.startsWith(ASSUME)) continue;
    const pid = key.slice(ASSUME.length);
    assume[pid] = pid in assume ? [assume[pid], value].flat() : value;
  }
  return assume;
}

function writeAddress(form, answers, assume) {
  const params = new URLSearchParams();
  params.set("calc", form.dataset.calculator);
  for (const [name, value] of Object.entries(answers)) if (value !== "") params.set(name, value);
  for (const [pid, value] of Object.entries(assume)) params.set(ASSUME + pid, value);
  // Readable dates ('/' needs no escaping in a query), and the link points at the result: a
  // link opened later shows the result from its heading (see bind).
  const query = params.toString().replaceAll("%2F", "/");
  history.replaceState(history.state, "", `${location.pathname}?${query}#${form.id}-result`);
}

// Where an error is shown: the box of its field, and the inputs it is about. A key for one cell
// of a list ('areas.3.so_ho': row 3, column so_ho) is shown in that row, on that cell alone.
function errorPlace(form, field) {
  const box = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (box) return { box, inputs: [...box.querySelectorAll("input:not([type=hidden]), textarea")] };
  const cut = field.lastIndexOf(".");
  const row = cut > 0 ? form.querySelector(`[data-field="${CSS.escape(field.slice(0, cut))}"]`) : null;
  const cell = row?.querySelector(`[data-col="${CSS.escape(field.slice(cut + 1))}"]`);
  return cell ? { box: row, inputs: [cell] } : { box: null, inputs: [] };
}

function fieldTarget(form, field) {
  const control = form.elements.namedItem(field);
  if (control instanceof RadioNodeList) return control[0];
  if (control && control.type !== "hidden") return control;
  // A list of rows (its text is a hidden input), a cell of it, or the box a list is pasted into.
  return errorPlace(form, field).inputs[0] ?? form.querySelector(`[id="${form.id}-assume"] input`);
}

function clearErrors(form) {
  const summary = form.querySelector(".calc-error-summary");
  summary.hidden = true;
  summary.querySelector("ul").replaceChildren();
  form.querySelectorAll(".calc-field--error").forEach((node) => node.classList.remove("calc-field--error"));
  form.querySelectorAll(".calc-error").forEach((node) => { node.hidden = true; node.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((node) => {
    node.removeAttribute("aria-invalid");
    node.setAttribute("aria-describedby", (node.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.endsWith("-error")).join(" "));
  });
}

function showErrors(form, errors) {
  clearErrors(form);
  const summary = form.querySelector(".calc-error-summary");
  const items = summary.querySelector("ul");
  for (const [field, message] of Object.entries(errors)) {
    const { box, inputs } = errorPlace(form, field);
    const target = fieldTarget(form, field);
    if (box) {
      box.classList.add("calc-field--error");
      const slot = box.querySelector(".calc-error");
      slot.textContent = message;
      slot.hidden = false;
      inputs.forEach((input) => {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${slot.id}`.trim());
      });
    }
    const link = document.createElement("a");
    link.textContent = message;
    if (target?.id) link.href = `#${target.id}`;
    link.addEventListener("click", (event) => {
      // The link only moves focus: the theme's instant navigation must not see it as a page change.
      event.preventDefault();
      event.stopPropagation();
      (target?.closest(".calc-field") ?? target)?.scrollIntoView({ block: "start" });
      target?.focus({ preventScroll: true });
    });
    const item = document.createElement("li");
    item.append(link);
    items.append(item);
  }
  summary.hidden = false;
  summary.focus();
}

function setStatus(form, text, kind = "") {
  const status = form.querySelector(".calc-status");
  status.textContent = text;
  status.dataset.kind = kind;
  delete status.dataset.startFailed;  // set by startFailed() alone
}

// --- the engine's start, as the reader sees it next to the “Tính” button ----------------------

// What a reader is told of a failed start, by the reason engine.js gives.
function whyFailed(error) {
  const why = {
    instantiate: "Trình duyệt này không chạy được bộ tính toán (tệp bị lỗi hoặc bị chặn).",
    stalled: `Mạng chậm hoặc bị ngắt: không tải thêm được gì trong ${stallMs() / 1000} giây.`,
    settle: "Bộ tính toán đã tải xong nhưng không khởi động được.",
  };
  return why[error?.message] ?? "Không tải được bộ tính toán.";
}

function megabytes(bytes) {
  return (Math.round(bytes / 1e5) / 10).toString().replace(".", ",");
}

// "Đang tải bộ tính toán: 1,2 / 3,6 MB, còn khoảng 15 giây." The wait comes from the speed
// measured since the first byte (rounded to 5 seconds, plus a few for Python's own start).
function progressText(msg, first) {
  if (!msg.total || !msg.loaded) return "Đang tải bộ tính toán…";
  if (msg.complete) return "Đã tải xong, đang khởi động bộ tính toán…";
  let wait = "";
  const seconds = first ? (msg.at - first.at) / 1000 : 0;
  if (seconds >= 2 && msg.loaded > first.loaded) {
    const rate = (msg.loaded - first.loaded) / seconds;
    wait = `, còn khoảng ${Math.ceil(((msg.total - msg.loaded) / rate + 3) / 5) * 5} giây`;
  }
  return `Đang tải bộ tính toán: ${megabytes(msg.loaded)} / ${megabytes(msg.total)} MB${wait}.`;
}

// While the engine loads: where the page's static table already answers the common questions.
function showWhileWaiting(form, waiting) {
  const box = form.querySelector(".calc-while");
  if (box) box.hidden = !waiting;
}

function retryButton(form) {
  let button = form.querySelector(".calc-retry");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "md-button calc-retry";
    button.textContent = "Thử tải lại";
    button.addEventListener("click", () => {
      button.hidden = true;
      follow(form, retry());
    });
    form.querySelector(".calc-actions").append(button);
  }
  return button;
}

function startFailed(form, error) {
  const why = whyFailed(error);
  setStatus(form, `${why} Các bảng và cách tính trên trang vẫn dùng được. Hãy kiểm tra kết nối rồi bấm “Thử tải lại”.`, "error");
  form.querySelector(".calc-status").dataset.startFailed = "1";
  showWhileWaiting(form, true);
  retryButton(form).hidden = false;
}

// Show the start's progress until it settles; on a failure, the message and a retry button.
function follow(form, started) {
  let first = null;
  let shown = 0;
  setStatus(form, "Đang tải bộ tính toán…", "busy");
  showWhileWaiting(form, true);
  const stop = onProgress((msg) => {
    if (msg.total > 0 && msg.loaded > 0 && !first) first = msg;
    const text = progressText(msg, first);
    // A live region: a new sentence at most every two seconds, not on every chunk.
    if (msg.at - shown < 2000 && !text.startsWith("Đã tải xong")) return;
    shown = msg.at;
    if (form.querySelector(".calc-status").dataset.kind === "busy") setStatus(form, text, "busy");
  });
  return started.then(() => {
    stop();
    showWhileWaiting(form, false);
    if (form.querySelector(".calc-status").dataset.kind !== "busy") return;
    // A question on its way is answered next: the reader is not told to press "Tính" meanwhile.
    if (latest.get(form)?.pending) setStatus(form, "Đang tính…", "busy");
    else setStatus(form, "Sẵn sàng. Nhập thông tin rồi bấm “Tính”.", "ready");
  }).catch((error) => {
    stop();
    startFailed(form, error);
  });
}

// The latest question of each form: {pending} until it is answered, {edited} once the reader
// changes the form after asking it. An older question neither draws its result over a newer
// one nor is asked again.
const latest = new WeakMap();
// The question a failed start left unanswered: asked again by itself once the engine is ready
// (see recovered()), unless the reader changed the form or asked another question meanwhile.
const unanswered = new WeakMap();

async function run(form, answers, assume, options) {
  unanswered.delete(form);  // a new question replaces the one left unanswered
  const mine = { pending: true, edited: false };
  latest.set(form, mine);
  try {
    await answer(form, mine, answers, assume, options);
  } finally {
    mine.pending = false;
  }
}

async function answer(form, mine, answers, assume, { focusResult }) {
  const name = form.dataset.calculator;
  // Taken now: the form may be off screen (kept across instant navigation) when the answer comes.
  const section = document.getElementById(`${form.id}-result`);
  const assumeBox = document.getElementById(`${form.id}-assume`);
  setStatus(form, "Đang tính…", "busy");
  // Choices and a date only: the answer computed at build time, at once. Anything else: Python.
  let out = await lookup(form, answers, assume);
  if (!out) {
    // A list still in the paste box is read into the rows first, then sent with them.
    const pasted = await takePasted(form).catch(() => null);
    if (pasted) out = { errors: pasted };
    else if (form.querySelector(".calc-areas")) answers = readAnswers(form);
  }
  if (!out) {
    try {
      out = await compute(name, answers, assume);
    } catch (error) {
      startFailed(form, error);  // the worker did not start: say so, do not spin forever
      if (latest.get(form) === mine && !mine.edited) unanswered.set(form, { answers, assume });
      return;
    }
  }
  if (latest.get(form) !== mine) return;  // a newer question was asked meanwhile: it answers
  if (out.errors) {
    section.hidden = true;
    document.body.classList.remove("calc-has-result");
    setStatus(form, "Có thông tin cần sửa: xem danh sách ở đầu phần nhập.", "error");
    showErrors(form, out.errors);
    keepRefused(form);
    return;
  }
  clearErrors(form);
  delete section.dataset.stale;
  showAreas(form, out.ok);
  renderResult(section, out.ok, form.id, form.dataset.scopeHref);
  renderAssumeInputs(assumeBox, out.ok.pending_details, assume, form.id);
  if (form.isConnected) {  // not another page's address
    writeAddress(form, answers, assume);
    document.body.classList.add("calc-has-result");
  }
  setStatus(form, "Đã tính xong. Kết quả ở bên dưới.", "done");
  if (mine.edited) markStale(form);  // the form changed while this was computed
  window.__calcLastComputeMs = out.ms;
  if (focusResult) showFromTop(section);
}

// The result's heading at the top of the screen (under the theme's header, see scroll-margin in
// calculators.css), then focus on it for screen readers without scrolling again.
function showFromTop(section) {
  section.scrollIntoView({ block: "start" });
  section.focus({ preventScroll: true });
}

function markStale(form) {
  const section = document.getElementById(`${form.id}-result`);
  if (!section || section.hidden || section.dataset.stale) return;
  section.dataset.stale = "1";
  const note = document.createElement("p");
  note.className = "calc-stale";
  note.setAttribute("role", "status");
  note.textContent = "Bạn đã sửa thông tin sau khi tính: kết quả dưới đây chưa theo thông tin mới. Bấm “Tính” để tính lại.";
  section.querySelector("h2")?.after(note);
}

function today(form) {
  const now = new Date();
  const iso = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  if (iso < form.dataset.coveredFrom || iso > form.dataset.coveredUntil) return "";
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

// The engine is ready (a late recovery, a retry, or a form kept off screen meanwhile that comes
// back): a failed start's message and button give way, and the question it left unanswered is
// asked now. Any other message stays.
function recovered(form) {
  if (!form.isConnected) return;
  form.querySelector(".calc-retry")?.setAttribute("hidden", "");
  showWhileWaiting(form, false);
  const asked = unanswered.get(form);
  if (asked) {
    run(form, asked.answers, asked.assume, { focusResult: false });
  } else if (form.querySelector(".calc-status").dataset.startFailed) {
    setStatus(form, "Sẵn sàng. Nhập thông tin rồi bấm “Tính”.", "ready");
  }
}

function bind(form) {
  if (form.dataset.bound) {
    if (engineState().state === "ready") recovered(form);
    return;
  }
  form.dataset.bound = "1";
  bindAreas(form, showErrors, clearErrors);
  const params = new URLSearchParams(location.search);
  const restoring = params.get("calc") === form.dataset.calculator;
  let assume = {};
  if (restoring) {
    assume = fill(form, params);
  } else if (form.elements.namedItem("date") && !form.elements.namedItem("date").value) {
    form.elements.namedItem("date").value = today(form);
  }
  prefetch(form);
  // The page says nothing about loading until this script runs (without JavaScript it never would).
  const started = follow(form, start());
  // A start given up on (a stall) that finishes after all: the form works from then on.
  onState(({ state }) => {
    if (state === "ready") recovered(form);
  });
  // Answers from a link are sent at once: the worker computes them as soon as Python is ready.
  const restored = restoring ? run(form, readAnswers(form), assume, { focusResult: false }) : null;
  restored?.then(() => {
    if (!form.isConnected) return;  // the reader has gone to another page meanwhile
    const section = document.getElementById(`${form.id}-result`);
    if (location.hash === `#${section.id}` && !section.hidden) section.scrollIntoView({ block: "start" });
  });
  // The theme's script waits for this on a page with a calculator
  // (docs/_theme/partials/theme-after-calculator.html).
  Promise.allSettled([started, restored]).then(() => {
    document.documentElement.dataset.calculatorSettled = "1";  // for a script that asks later
    document.dispatchEvent(new Event("calculator:settled"));
  });
  // An answer changed after a result: the result says it no longer follows the form, so that
  // nobody prints, downloads or shares figures for answers that are not on screen.
  for (const type of ["input", "change"]) {
    form.addEventListener(type, () => {
      markStale(form);
      if (latest.get(form)) latest.get(form).edited = true;
      unanswered.delete(form);  // the reader is changing the question: "Tính" asks it
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const key of Object.keys(form.dataset)) {
      if (key.startsWith("raw_") || key.startsWith("repeated_")) delete form.dataset[key];
    }
    run(form, readAnswers(form), readAssume(form), { focusResult: true });
  });
}

// The theme's instant navigation sometimes puts a fresh copy of a page in place of the one on
// screen: mkdocs-material 9.8 does so for the first link within the page, or the first Back or
// Forward, after a full page load, and on Back or Forward to a calculator seen before. The
// reader's answers, messages and result would be lost. So each calculator's elements are kept,
// and put back in place of their fresh copies when the page replaces itself or comes back
// through the history, as a browser restores a form on Back. A link from another page still
// opens an untouched form.
const kept = new Map();
const parts = (form) => [form.id, `${form.id}-result`, `${form.id}-assume`];
let shownPath = null;
let traversed = false;
window.addEventListener("popstate", () => { traversed = true; });

function keepOrRestore(form) {
  const old = kept.get(form.id);
  const same = shownPath === location.pathname || traversed;
  if (same && old && old.path === location.pathname && old.nodes[0] !== form && !old.nodes[0].isConnected) {
    parts(form).forEach((id, i) => {
      const fresh = document.getElementById(id);
      if (fresh && old.nodes[i]) fresh.replaceWith(old.nodes[i]);
    });
    return old.nodes[0];
  }
  kept.set(form.id, { path: location.pathname, nodes: parts(form).map((id) => document.getElementById(id)) });
  return form;
}

function bindAll() {
  const forms = [...document.querySelectorAll("form.calc[data-calculator]")].map(keepOrRestore);
  shownPath = location.pathname;
  traversed = false;
  // The print layout for a result belongs to the page that shows it: after instant navigation
  // to another page, that page prints its own content.
  document.body.classList.toggle("calc-has-result", [...document.querySelectorAll(".calc-result")].some((s) => !s.hidden));
  forms.forEach(bind);
}

onEveryPage(bindAll);
