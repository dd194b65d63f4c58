"""Speed figures of the guide's in-browser calculators, measured in Debian's Chromium.

Run through `scripts/bench` (it runs scripts/setup first). In one run this builds the site into a
temporary folder (`mkdocs build --strict`, site_url on the port it is served from), serves it with
scripts/site_server.py, starts headless Chromium through Playwright with the flags of the browser
tests (tests/browser/conftest.py) and measures:

  pyodide_boot_ms              bare `loadPyodide` in a module Web Worker (a page the script writes
                               into the temporary site), median of --runs fresh browser contexts
  first_result_ms              cold load (fresh context, empty cache) of a calculator page whose
                               address carries answers, from navigation start until the result
                               (section.calc-result[data-total]) is shown; median of --runs
  ratio                        first_result_ms / pyodide_boot_ms
  recompute_p95_ms             on a ready page, submit the form --submits times with alternating
                               answers; page-side time from the click to the result's data-total
                               being set again; 95th percentile (nearest rank)
  recompute_worker_median_ms   median of window.__calcLastComputeMs over the same submits
  longest_main_thread_task_ms  longest 'longtask' entry during a cold calculator load, until the
                               result is shown and the theme's script, which on a calculator
                               page waits for it, has run (0 if there was none); median over the runs (the
                               worst run is reported too, and the same figure for a guide page
                               without a calculator, to show what the calculator adds)
  guide_page_bytes             cold load of a guide page without a calculator, until the network
                               is idle: sum of the response body lengths of every request (page,
                               workers, search index), as transferred: the local server gzips text
                               as ordinary web hosts do
  calculator_page_bytes        the same for the calculator page, until the first result is shown
                               and the network is idle (includes Pyodide's files and the wheel);
                               both byte figures are of the page alone (service worker blocked)
  repeat_visit_first_result_ms a first visit to the calculator link; wait until its worker has
                               kept the engine's memory snapshot and the service worker has saved
                               the site; then the same link in a new tab of the same browser
                               profile: navigation to the result; median of --runs (aim: at most a
                               quarter of first_result_ms). The same link is opened RETURNS
                               times; repeat_visit_later_ms is the last of them, once Chromium has
                               cached the compiled WebAssembly; repeat_visits_from_snapshot counts
                               the returns whose engine started from the snapshot, and
                               repeat_visit_restored_in_ms splits that start (read: until
                               the memory is written whole, while Pyodide loads; restore: from
                               then until Python is back; wheel; probes: the first calculator's)
  snapshot_bytes, snapshot_stored_bytes
                               the memory snapshot as taken, and as kept on the device (gzipped)
  snapshot_take_ms, snapshot_keep_ms
                               the worker's time to check and take it, and to take, compress and
                               store it (medians)
  snapshot_began_after_answer  whether, in every run, the worker began the snapshot after the first
                               visit's answer was on screen (snapshot_began_after_answer_ms: the
                               smallest gap)
  offline_copy_bytes           what the service worker downloads after a first visit to the guide
                               page so that the whole site works offline

With --phone (the default; --no-phone skips it) the same site is also served through one shared
link of a cheap phone on mobile data (scripts/site_server.py's Link: 1.6 Mbit/s down, 750 kbit/s
up, 150 ms round trips; every request, the service worker's included), and its pages are told
they are on mobile data (navigator.connection.type "cellular", so the site saves no engine in
the background, as on a member's phone); each load is cold:

  phone_choice_answer_ms       the monthly calculator page: from the tap on "Tính" (choices and
                               a date only) to the result on screen
  phone_shared_link_answer_ms  a shared link of choices only: navigation start to the result
  phone_python_answer_ms       the bhxh calculator with a typed income (needs Python):
                               navigation start to the result
  bytes_before_python_answer   bytes transferred over the link until that result is shown
  phone_offline_copy_started_before_answer  whether the service worker downloaded anything
                               before the page's first answer (must be false)
  phone_return_python_answer_ms  that bhxh link again in the same profile, once the snapshot is
                               kept and the site saved: navigation start to the result
                               (phone_return_bytes over the link, phone_return_engine: how the
                               engine started)

Chromium slows neither the worker's CPU nor (here) the page's: the phone profile shows the
network's share of the wait, not a slow phone's CPU.

Human-readable lines go to stdout as the run goes; the LAST line of stdout is one JSON object.
Targets are reported (met or not) and never fail the run; the exit status is non-zero only when
the measurement itself failed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests" / "browser"))

import site_build  # noqa: E402
import site_server  # noqa: E402

# The browser and its flags are those of the browser tests: one place to change them.
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from site_server import serve_in_background  # noqa: E402

# A link that needs Python (a what-if): choices alone are answered from the answers computed at
# build time, and the ratio is about the path that starts the engine.
CALC_PAGE = (
    "may-tinh/ho-tro-hang-thang/?calc=monthly&date=2024-08-15&role=to_truong&training=none"
    "&assume.title_extra_to_truong=111111"
)
CALC_FORM = 'form.calc[data-calculator="monthly"]'
# Answers the recompute loop alternates between (the dates give different totals: the base
# salary changes between them).
# Both keep the link's what-if (the Tổ trưởng's extra), so that each submit is computed by
# Python, not looked up among the answers stored at build time.
RECOMPUTE_ANSWERS = [
    {"date": "2026-08-15", "role": "to_truong", "training": "dai_hoc"},
    {"date": "2024-08-15", "role": "to_truong", "training": "none"},
]
GUIDE_PAGE = "thuat-ngu/"  # the glossary: a long page with no calculator
RESULT = "section.calc-result[data-total]"
# What the marks of a cold calculator load stand for: the worker's progress messages (at the time
# the worker sent them), the worker's creation and the result (on the page).
MARKS = {
    "worker_created": "worker created",
    "progress_1": "worker running",
    "progress_2": "loadPyodide starts",
    "progress_3": "loadPyodide done",
    "message_ready": "wheel imported (ready)",
    "message_result": "first compute answered",
    "result": "result shown",
    "theme_loaded": "theme's script run",
}
TIMEOUT_MS = 90_000  # a generous bound: the page itself gives up only on a stalled transfer
# Set by assets/js/offline.js once the service worker has saved the whole site.
OFFLINE_READY = "document.documentElement.dataset.offlineReady === '1'"

TARGETS: dict[str, tuple[str, Callable[[float], bool]]] = {
    "ratio": ("<= 1.15", lambda v: v <= 1.15),
    "recompute_p95_ms": ("<= 50", lambda v: v <= 50),
    "longest_main_thread_task_ms": ("<= 200", lambda v: v <= 200),
    "guide_page_bytes": ("< 300 KB (307200 bytes)", lambda v: v < 300 * 1024),
    # The phone profile (issue 14): a member on mobile data.
    "phone_choice_answer_ms": ("<= 3000", lambda v: v <= 3000),
    "phone_shared_link_answer_ms": ("<= 3000", lambda v: v <= 3000),
    "phone_python_answer_ms": ("<= 25000", lambda v: v <= 25000),
    "bytes_before_python_answer": ("<= 4 MB (4194304 bytes)", lambda v: v <= 4 * 1024 * 1024),
    "phone_offline_copy_started_before_answer": ("false", lambda v: v is False),
    # Issue 17: keeping the memory snapshot never delays the first visit's answer.
    "snapshot_began_after_answer": ("true", lambda v: v is True),
}
# Aim for the return visit, which starts from the engine's memory snapshot kept on the device
# (issue 17): at most a quarter of the cold first result (checked in measure_all).
REPEAT_SHARE = 0.25

# A bare Pyodide start in a module worker, like the site's own worker but with nothing else.
BOOT_WORKER_JS = """\
const t0 = performance.now();
const { loadPyodide } = await import(new URL("/assets/pyodide/pyodide.mjs", self.location).href);
const t1 = performance.now();
const pyodide = await loadPyodide({ indexURL: new URL("/assets/pyodide/", self.location).href });
const t2 = performance.now();
self.postMessage({ importMs: t1 - t0, loadMs: t2 - t1, check: pyodide.runPython("6 * 7") });
"""
BOOT_HTML = """\
<!doctype html><html lang="en"><meta charset="utf-8"><title>bench: loadPyodide</title>
<script type="module">
const created = performance.now();
const worker = new Worker("./boot-worker.js", { type: "module" });
worker.onmessage = (e) => { window.__boot = { ...e.data, createdAt: created, doneAt: performance.now() }; };
worker.onerror = (e) => { window.__boot = { error: String(e.message || e) }; };
</script></html>
"""

# Registered before any page script: long tasks, the calculator worker's messages, the result.
INIT_SCRIPT = """\
(() => {
  const b = window.__bench = { longTasks: [], marks: {}, sent: {}, resultVisible: null };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (error) { b.longTaskError = String(error); }
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      if (String(url).includes("calculator-worker")) {
        b.marks.worker_created ??= performance.now();
        this.addEventListener("message", (event) => {
          const m = event.data || {};
          const key = m.type === "progress" ? `progress_${m.step}` : `message_${m.type}`;
          b.marks[key] ??= performance.now();
          if (m.at !== undefined) b.sent[key] ??= m.at - performance.timeOrigin;
          if (m.type === "ready" || m.type === "snapshot") b[m.type] ??= m;  // how the engine started; the snapshot kept
        });
      }
    }
  };
  new MutationObserver((records) => {
    for (const r of records) {
      const section = r.target;
      const shown = section.matches?.("section.calc-result") && section.dataset.total !== undefined;
      if (shown && !("result" in b.marks)) {
        b.marks.result = performance.now();
        b.resultVisible = !section.hidden;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-total"] });
  // On a calculator page the theme's script runs after the first result (docs/_theme/partials/theme-after-calculator.html).
  document.addEventListener("theme:loaded", () => { b.marks.theme_loaded ??= performance.now(); });
})();
"""

RECOMPUTE_JS = """\
async ({ form: selector, answers, submits }) => {
  const form = document.querySelector(selector);
  const section = document.getElementById(`${form.id}-result`);
  const button = form.querySelector("button[type=submit]");
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const page = [], worker = [], totals = [];
  for (let i = 0; i < submits; i++) {
    for (const [name, value] of Object.entries(answers[i % answers.length])) {
      const control = form.elements.namedItem(name);
      if (control instanceof RadioNodeList) [...control].find((radio) => radio.value === value).click();
      else control.value = value;
    }
    const updated = new Promise((resolve) => {
      const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now()); });
      mo.observe(section, { attributes: true, attributeFilter: ["data-total"] });
    });
    const started = performance.now();
    button.click();
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("no result in 10 s")), 10000));
    page.push((await Promise.race([updated, timeout])) - started);
    await nextFrame();  // let the page paint between submits, as a person would
    worker.push(window.__calcLastComputeMs);
    totals.push(section.dataset.total);
  }
  return { page, worker, totals, status: form.querySelector(".calc-status").dataset.kind };
}
"""


class BenchError(Exception):
    """The measurement itself failed."""


def say(text: str = "") -> None:
    print(text, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """95th percentile, nearest-rank method (an observed value, never interpolated)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(out: Path, port: int) -> None:
    try:
        seconds = site_build.build_site(out, port)
    except site_build.SiteBuildError as error:
        raise BenchError(str(error)) from error
    say(f"Built the site in {seconds:.1f} s into {out}")
    bench = out / "__bench"
    bench.mkdir()
    (bench / "boot.html").write_text(BOOT_HTML, encoding="utf-8")
    (bench / "boot-worker.js").write_text(BOOT_WORKER_JS, encoding="utf-8")


def new_context(browser: Any, *, service_workers: str = "allow") -> Any:
    # A new context has its own empty cache and no service worker: every load in it is cold.
    return browser.new_context(locale="vi-VN", service_workers=service_workers)


def measure_boot(browser: Any, base: str) -> dict[str, float]:
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        page.goto(base + "__bench/boot.html")
        page.wait_for_function("window.__boot", timeout=TIMEOUT_MS)
        boot = page.evaluate("window.__boot")
    finally:
        ctx.close()
    if "error" in boot or boot.get("check") != 42:
        raise BenchError(f"bare loadPyodide failed: {boot}")
    return boot


def measure_first_result(browser: Any, base: str) -> dict[str, Any]:
    ctx = new_context(browser)
    try:
        ctx.add_init_script(INIT_SCRIPT)
        page = ctx.new_page()
        wall = time.perf_counter()
        page.goto(base + CALC_PAGE)
        page.wait_for_selector(RESULT, state="visible", timeout=TIMEOUT_MS)
        wall_ms = (time.perf_counter() - wall) * 1000
        # Start-up ends when the theme's script, loaded after the result, has run; the long-task
        # entry of that script's task arrives a moment after the task.
        page.wait_for_function("window.__bench.marks.theme_loaded !== undefined", timeout=TIMEOUT_MS)
        page.wait_for_timeout(200)
        data = page.evaluate("""() => ({
          bench: window.__bench,
          dcl: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd,
          total: document.querySelector("section.calc-result").dataset.total,
          status: document.querySelector(".calc-status").dataset.kind,
        })""")
    finally:
        ctx.close()
    marks = data["bench"]["marks"]
    if "result" not in marks or not data["bench"]["resultVisible"] or data["status"] != "done":
        raise BenchError(f"the result was shown but not as expected by the page-side observer: {data}")
    if data["bench"].get("longTaskError"):
        raise BenchError(f"the longtask observer could not be registered: {data['bench']['longTaskError']}")
    result_at = marks["result"]
    tasks = [t for t in data["bench"]["longTasks"] if t["start"] < marks["theme_loaded"]]
    # The worker's own send times where it gave them: a page busy with its theme receives
    # messages late, and the phases should show where the time goes, not when the page looked.
    sent = data["bench"]["sent"]
    return {
        "first_result_ms": result_at,
        "wall_ms": wall_ms,
        "dom_content_loaded_ms": data["dcl"],
        "marks": {**marks, **sent},
        "ready_received_late_ms": marks["message_ready"] - sent["message_ready"]
        if "message_ready" in sent
        else None,
        "longest_task_ms": max((t["duration"] for t in tasks), default=0.0),
        "long_tasks": len(tasks),
        "total": data["total"],
    }


def measure_guide_tasks(browser: Any, base: str) -> float:
    """Longest main-thread task of a cold load of the guide page (no calculator): the baseline."""
    ctx = new_context(browser)
    try:
        ctx.add_init_script(INIT_SCRIPT)
        page = ctx.new_page()
        page.goto(base + GUIDE_PAGE)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        tasks = page.evaluate("window.__bench.longTasks")
    finally:
        ctx.close()
    return max((t["duration"] for t in tasks), default=0.0)


def measure_bytes(browser: Any, base: str, path: str, *, calculator: bool) -> dict[str, Any]:
    """Cold load of `path`; every finished request's response body length (Playwright's
    response.body(), so requests made by Web Workers count too). The service worker is blocked:
    the copy it saves for offline use is measured on its own (measure_offline_copy)."""
    ctx = new_context(browser, service_workers="block")
    bodies: list[tuple[str, bytes]] = []
    failed: list[str] = []

    def finished(request: Any) -> None:
        response = request.response()
        if response is None:
            return
        try:
            length = response.header_value("content-length")
            body = response.body()
            wire = int(length) if length else len(body)
            bodies.append((request.url, body, wire))
        except Exception as error:
            failed.append(f"{request.url}: {error}")

    ctx.on("requestfinished", finished)
    ctx.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    try:
        page = ctx.new_page()
        page.goto(base + path)
        has_form = page.locator("form.calc").count() > 0
        if calculator:
            page.wait_for_selector(RESULT, state="visible", timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        page.wait_for_timeout(500)
    finally:
        ctx.close()
    if failed:
        raise BenchError(f"requests failed while loading {path}: {failed}")
    if calculator != has_form:
        raise BenchError(f"{path}: expected {'a' if calculator else 'no'} form.calc on the page")
    wire = sum(w for _, _, w in bodies)
    raw = sum(len(body) for _, body, _ in bodies)
    biggest = sorted(((w, url.removeprefix(base)) for url, _, w in bodies), reverse=True)
    return {
        "bytes": wire,
        "uncompressed": raw,
        "requests": len(bodies),
        "biggest": biggest[:6],
        "loads_pyodide": any("/assets/pyodide/" in url for url, _, _ in bodies),
    }


def first_result_in(ctx: Any, base: str) -> dict[str, Any]:
    """Open the calculator page in a new tab of `ctx` (INIT_SCRIPT registered) until its result:
    its marks, and the worker's "ready" message (how the engine started)."""
    page = ctx.new_page()
    page.goto(base + CALC_PAGE)
    page.wait_for_selector(RESULT, state="visible", timeout=TIMEOUT_MS)
    bench = page.evaluate("window.__bench")
    page.close()
    return {"marks": {**bench["marks"], **bench["sent"]}, "ready": bench.get("ready") or {}}


RETURNS = 3  # return visits per run: Chromium keeps compiled WebAssembly only after some use
# Set by assets/js/engine.js once the worker has said whether it kept a memory snapshot.
SNAPSHOT_SAID = "document.documentElement.dataset.calcSnapshot !== undefined"


def measure_repeat_visit(browser: Any, base: str) -> dict[str, Any]:
    """A first visit (cold); wait until the worker has kept its memory snapshot and the service
    worker has saved the site; then the same calculator link again in a new tab of the same
    browser profile, RETURNS times. Also what the snapshot cost: its size, the worker's time to
    take and keep it, and when it began, counted from the first visit's answer on screen."""
    ctx = new_context(browser)
    try:
        ctx.add_init_script(INIT_SCRIPT)
        page = ctx.new_page()
        page.goto(base + CALC_PAGE)
        page.wait_for_selector(RESULT, state="visible", timeout=TIMEOUT_MS)
        page.wait_for_function(f"{OFFLINE_READY} && {SNAPSHOT_SAID}", timeout=TIMEOUT_MS)
        first = page.evaluate("window.__bench")
        page.close()
        kept = first.get("snapshot") or {}
        if kept.get("state") != "kept":
            raise BenchError(f"the first visit kept no memory snapshot of the engine: {kept}")
        returns = []
        for _ in range(RETURNS):
            returns.append(first_result_in(ctx, base))
            time.sleep(2)  # as a person would: the browser writes its code cache meanwhile
    finally:
        ctx.close()
    # The worker's own clock: the keeping began keepMs before it said "kept".
    began = first["sent"]["message_snapshot"] - kept["keepMs"]
    return {
        "snapshot": {
            "size": kept["size"],
            "stored": kept["stored"],
            "take_ms": kept["takeMs"],
            "keep_ms": kept["keepMs"],
            "began_after_answer_ms": began - first["marks"]["result"],
        },
        "returns": returns,
    }


def measure_offline_copy(browser: Any, base: str) -> dict[str, Any]:
    """What a first visit to a guide page downloads in the background to work offline later:
    the service worker's requests until its install has finished."""
    ctx = new_context(browser)
    saved: list[int] = []
    started = time.perf_counter()

    def finished(request: Any) -> None:
        if request.service_worker is None or request.response() is None:
            return
        length = request.response().header_value("content-length")
        saved.append(int(length) if length else len(request.response().body()))

    ctx.on("requestfinished", finished)
    try:
        page = ctx.new_page()
        page.goto(base + GUIDE_PAGE)
        page.wait_for_function(OFFLINE_READY, timeout=TIMEOUT_MS)
        seconds = time.perf_counter() - started
    finally:
        ctx.close()
    return {"bytes": sum(saved), "requests": len(saved), "seconds": round(seconds, 1)}


def measure_recompute(browser: Any, base: str, submits: int) -> dict[str, Any]:
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        page.goto(base + CALC_PAGE)
        page.wait_for_selector(RESULT, state="visible", timeout=TIMEOUT_MS)
        options = {"form": CALC_FORM, "answers": RECOMPUTE_ANSWERS, "submits": submits}
        out = page.evaluate(RECOMPUTE_JS, options)
    finally:
        ctx.close()
    if out["status"] != "done" or len(set(out["totals"])) < 2 or any(w is None for w in out["worker"]):
        raise BenchError(
            "the recompute loop did not give alternating results: "
            f"status={out['status']}, totals={sorted(set(out['totals']))}"
        )
    return out


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        site = Path(tmp) / "site"
        build_site(site, port)
        server, base = serve_in_background(site, port)
        args.phone_link = site_server.Link(**site_server.PHONE)
        phone = serve_in_background(site, 0, link=args.phone_link) if args.phone else None
        args.phone_base = phone[1] if phone else None
        try:
            with sync_playwright() as pw:
                try:
                    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                except PlaywrightError as error:
                    raise BenchError(f"could not start {CHROMIUM}: {error}") from error
                say(f"Chromium {browser.version} ({CHROMIUM}), site at {base}, {args.runs} runs")
                try:
                    return measure_all(browser, base, args)
                except PlaywrightError as error:
                    raise BenchError(str(error)) from error
                finally:
                    browser.close()
        finally:
            server.shutdown()
            server.server_close()
            if phone:
                phone[0].shutdown()
                phone[0].server_close()


PHONE_TIMEOUT_MS = 180_000
PHONE_CHOICE_PAGE = "may-tinh/ho-tro-hang-thang/"
PHONE_LINK = "may-tinh/ho-tro-hang-thang/?calc=monthly&date=15/08/2024&role=to_vien&training=none"
PHONE_PYTHON_LINK = "may-tinh/bao-hiem-xa-hoi/?calc=bhxh&date=01/08/2026&group=poor&income=2000000"
SHOWN = "() => window.__answeredAt ? window.__answeredAt - performance.timeOrigin : null"
# The page is told it is on mobile data, as on a member's phone (desktop Chromium has no
# navigator.connection.type): the site then saves no engine in the background.
ON_MOBILE_DATA = """
if (self.NetworkInformation) Object.defineProperty(NetworkInformation.prototype, "type", { get: () => "cellular" });
"""
# When the page first shows a result, on the page's own clock (epoch ms), as it happens.
ANSWER_CLOCK = """
new MutationObserver(() => {
  const r = document.querySelector('section.calc-result[data-total]');
  if (r && !r.hidden && !window.__answeredAt) window.__answeredAt = performance.timeOrigin + performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden', 'data-total'] });
"""


def _phone_load(
    browser: Any, base: str, path: str, tap: bool = False, returning: site_server.Link | None = None
) -> dict[str, Any]:
    """One cold load over the phone link: when the answer showed (ms after navigation start, or
    after the tap), the bytes until then, and whether the service worker fetched anything first.
    With `returning` (the link the server paces through), once the engine's snapshot is kept and
    the site saved, the same address again in a new tab of the same profile: navigation to its
    answer, the bytes of bodies the link carried meanwhile, and how its engine started
    ("return")."""
    ctx = new_context(browser)
    ctx.add_init_script(ANSWER_CLOCK)
    ctx.add_init_script(ON_MOBILE_DATA)
    sizes: list[int] = []
    worker_requests: list[Any] = []
    counting = {"on": True}

    def finished(request: Any) -> None:
        response = request.response()
        if response is None or not counting["on"]:
            return
        length = response.header_value("content-length")
        sizes.append(int(length) if length else 0)

    ctx.on("requestfinished", finished)
    # A service worker's request, and when it was seen here (epoch ms, as the page's clock): its
    # own timing is not always known (importScripts' requests have none).
    ctx.on("request", lambda r: worker_requests.append((r, time.time() * 1000)) if r.service_worker else None)
    try:
        page = ctx.new_page()
        page.goto(base + path, wait_until="commit")
        tapped = 0.0
        if tap:
            page.wait_for_selector("form.calc[data-bound]", timeout=PHONE_TIMEOUT_MS)
            page.check("#calc-monthly-role-to_truong")
            page.check("#calc-monthly-training-none")
            page.fill("#calc-monthly-date", "15/08/2024")
            tapped = page.evaluate("performance.now()")
            page.click(".calc-submit")
        shown = page.wait_for_function(SHOWN, timeout=PHONE_TIMEOUT_MS, polling=50).json_value()
        counting["on"] = False
        answered_at = page.evaluate("window.__answeredAt")
        page.wait_for_timeout(200)  # requests started by then have their timing
        # Request start times are epoch ms, like the page's clock (where Chromium gives one).
        started_before = any(
            (r.timing["startTime"] if r.timing["startTime"] > 0 else seen) < answered_at
            for r, seen in list(worker_requests)
        )
        again = None
        if returning:
            page.wait_for_function(f"{OFFLINE_READY} && {SNAPSHOT_SAID}", timeout=PHONE_TIMEOUT_MS)
            page.close()
            carried = returning.sent
            page = ctx.new_page()
            page.goto(base + path, wait_until="commit")
            again_shown = page.wait_for_function(SHOWN, timeout=PHONE_TIMEOUT_MS, polling=50).json_value()
            again = {
                "ms": again_shown,
                "bytes": returning.sent - carried,
                "engine": page.evaluate("document.documentElement.dataset.calcEngine"),
            }
    finally:
        ctx.close()
    return {"ms": shown - tapped, "bytes": sum(sizes), "offline_copy_first": started_before, "return": again}


def measure_phone(browser: Any, base: str, paced: site_server.Link) -> dict[str, Any]:
    say(f"\nPhone profile: every request through one link of {site_server.PHONE}")
    choice = _phone_load(browser, base, PHONE_CHOICE_PAGE, tap=True)
    say(f"  tap 'Tính' (choices only) to answer: {choice['ms']:.0f} ms")
    link = _phone_load(browser, base, PHONE_LINK)
    say(f"  shared link of choices: navigation to answer {link['ms']:.0f} ms")
    python = _phone_load(browser, base, PHONE_PYTHON_LINK, returning=paced)
    say(
        f"  typed income (Python): navigation to answer {python['ms']:.0f} ms, "
        f"{python['bytes']:,} bytes before it"
    )
    back = python["return"]
    say(
        f"  the same link again once the site is saved: navigation to answer {back['ms']:.0f} ms, "
        f"{back['bytes']:,} bytes of bodies over the link, engine from: {back['engine']}"
    )
    first = any(r["offline_copy_first"] for r in (choice, link, python))
    say(f"  offline copy started before an answer: {first}")
    return {
        "phone_choice_answer_ms": round(choice["ms"], 1),
        "phone_shared_link_answer_ms": round(link["ms"], 1),
        "phone_python_answer_ms": round(python["ms"], 1),
        "bytes_before_python_answer": python["bytes"],
        "phone_offline_copy_started_before_answer": first,
        "phone_return_python_answer_ms": round(back["ms"], 1),
        "phone_return_bytes": back["bytes"],
        "phone_return_engine": back["engine"],
    }


def breakdown_of(runs: list[dict[str, float]]) -> dict[str, float | None]:
    """Median time of each phase of a calculator start, from the marks of several loads."""

    def phase(start: str, end: str) -> float | None:
        spans = [
            m[end] - (m[start] if start else 0.0) for m in runs if end in m and (not start or start in m)
        ]
        return round(median(spans), 1) if spans else None

    return {
        "navigation_to_worker_created_ms": phase("", "worker_created"),
        "worker_created_to_python_starting_ms": phase("worker_created", "progress_2"),
        "loadPyodide_in_site_worker_ms": phase("progress_2", "progress_3"),
        "wheel_unpack_and_import_ms": phase("progress_3", "message_ready"),
        "ready_to_compute_answered_ms": phase("message_ready", "message_result"),
        "compute_answered_to_result_shown_ms": phase("message_result", "result"),
    }


def restored_breakdown(readies: list[dict[str, Any]]) -> dict[str, float]:
    """Median time of each phase of the worker's start from a snapshot ("ready"'s restoredIn:
    writing the memory whole (while Pyodide loads), from then until Python is restored,
    unpacking the wheel again, checking the first calculator's probe)."""
    phases = [r["restoredIn"] for r in readies if r.get("restoredIn")]
    names = phases[0].keys() if phases else ()
    return {name: round(median([p[name] for p in phases]), 1) for name in names}


def snapshot_figures(kept: list[dict[str, float]]) -> dict[str, float]:
    """The memory snapshot of the first visits: its size, what it cost the worker, and when the
    worker began it after the answer was on screen (the earliest of the runs: the figure that
    must stay positive)."""
    return {
        "snapshot_bytes": int(median([k["size"] for k in kept])),
        "snapshot_stored_bytes": int(median([k["stored"] for k in kept])),
        "snapshot_take_ms": round(median([k["take_ms"] for k in kept]), 1),
        "snapshot_keep_ms": round(median([k["keep_ms"] for k in kept]), 1),
        "snapshot_began_after_answer_ms": round(min(k["began_after_answer_ms"] for k in kept), 1),
    }


def cold_runs(browser: Any, base: str, runs: int) -> dict[str, Any]:
    """Bare loadPyodide, the calculator page and the guide page, each run in fresh contexts,
    interleaved so that a change in the computer's load affects all three alike."""
    say("\nCold starts (every load in a fresh browser context, so with an empty cache)")
    say(f"  calculator page: /{CALC_PAGE}")
    boots: list[dict[str, float]] = []
    firsts: list[dict[str, Any]] = []
    guide_tasks: list[float] = []
    for i in range(1, runs + 1):
        boot = measure_boot(browser, base)
        boot["startMs"] = boot["doneAt"] - boot["createdAt"] - boot["loadMs"]
        boots.append(boot)
        say(
            f"  run {i}: bare loadPyodide {boot['loadMs']:.0f} ms "
            f"(not counted: worker start and import of pyodide.mjs before it, {boot['startMs']:.0f} ms)"
        )
        first = measure_first_result(browser, base)
        firsts.append(first)
        marks = ", ".join(f"{MARKS.get(k, k)} {v:.0f}" for k, v in first["marks"].items())
        say(
            f"  run {i}: first result {first['first_result_ms']:.0f} ms (total {first['total']} VND); "
            f"longest main-thread task {first['longest_task_ms']:.0f} ms ({first['long_tasks']} long tasks)"
        )
        say(
            f"         ms after navigation start: DOMContentLoaded {first['dom_content_loaded_ms']:.0f}, "
            + marks
        )
        if first["ready_received_late_ms"] is not None:
            say(
                f"         (the worker's 'ready' reached the page {first['ready_received_late_ms']:.0f} ms after it was sent)"
            )
        guide_tasks.append(measure_guide_tasks(browser, base))
        say(
            f"  run {i}: guide page /{GUIDE_PAGE} (no calculator): "
            f"longest main-thread task {guide_tasks[-1]:.0f} ms"
        )

    breakdown = breakdown_of([f["marks"] for f in firsts])
    return {"boots": boots, "firsts": firsts, "guide_tasks": guide_tasks, "breakdown": breakdown}


def measure_all(browser: Any, base: str, args: argparse.Namespace) -> dict[str, Any]:
    load_at_start = round(os.getloadavg()[0], 2)
    if load_at_start > (os.cpu_count() or 1):
        say(
            f"Note: this computer is busy (load average {load_at_start} on {os.cpu_count()} CPUs): "
            "the times will be noisy."
        )
    # One throwaway load so the first measured run does not also pay for starting the browser.
    ctx = new_context(browser)
    ctx.new_page().goto(base)
    ctx.close()

    cold = cold_runs(browser, base, args.runs)
    boots, firsts = cold["boots"], cold["firsts"]
    boot_ms = median([b["loadMs"] for b in boots])
    first_ms = median([f["first_result_ms"] for f in firsts])
    longest = median([f["longest_task_ms"] for f in firsts])
    guide_longest = median(cold["guide_tasks"])
    say(
        f"  median: bare loadPyodide {boot_ms:.0f} ms, first result {first_ms:.0f} ms, "
        f"ratio {first_ms / boot_ms:.2f}; longest main-thread task {longest:.0f} ms "
        f"(guide page without a calculator: {guide_longest:.0f} ms)"
    )
    say(
        "  where the first result's time goes (medians): "
        + ", ".join(f"{k.removesuffix('_ms')} {v} ms" for k, v in cold["breakdown"].items())
    )

    say(f"\nRecompute: {args.submits} submits on a ready page, alternating {RECOMPUTE_ANSWERS}")
    rec = measure_recompute(browser, base, args.submits)
    rec_p95 = p95(rec["page"])
    rec_worker = median(rec["worker"])
    say(
        f"  click to data-total: median {median(rec['page']):.1f} ms, p95 {rec_p95:.1f} ms, "
        f"max {max(rec['page']):.1f} ms; worker compute median {rec_worker:.1f} ms"
    )

    say(
        "\nReturn visits: the same link again after a first visit, once the worker has kept its memory"
        " snapshot and the service worker has saved the site"
    )
    visits = [measure_repeat_visit(browser, base) for _ in range(args.runs)]
    repeats = [v["returns"][0] for v in visits]  # the first return visit: the figure
    later = [v["returns"][-1] for v in visits]  # the last one: with the compiled WebAssembly cached
    repeat_ms = median([r["marks"]["result"] for r in repeats])
    later_ms = median([r["marks"]["result"] for r in later])
    repeat_breakdown = breakdown_of([r["marks"] for r in repeats])
    later_breakdown = breakdown_of([r["marks"] for r in later])
    returns = [r for v in visits for r in v["returns"]]
    from_snapshot = sum(r["ready"].get("from") == "snapshot" for r in returns)
    restored = restored_breakdown([r["ready"] for r in repeats])
    kept = snapshot_figures([v["snapshot"] for v in visits])
    for i, v in enumerate(visits, 1):
        snap = v["snapshot"]
        say(
            f"  run {i}: return visits "
            + ", ".join(f"{r['marks']['result']:.0f} ({r['ready'].get('from', '?')})" for r in v["returns"])
            + f" ms; snapshot {snap['size']:,} bytes, {snap['stored']:,} stored, taken in "
            f"{snap['take_ms']:.0f} ms, kept in {snap['keep_ms']:.0f} ms, begun "
            f"{snap['began_after_answer_ms']:.0f} ms after the answer"
        )
    say(
        f"  first return: median {repeat_ms:.0f} ms = {repeat_ms / first_ms:.2f} of the cold figure; "
        f"return {RETURNS}: median {later_ms:.0f} ms = {later_ms / first_ms:.2f}; "
        f"{from_snapshot} of {len(returns)} returns started from the snapshot"
    )
    say(
        "  where the first return goes (medians): "
        + ", ".join(f"{k.removesuffix('_ms')} {v} ms" for k, v in repeat_breakdown.items())
    )
    say(
        "  inside the worker's start from the snapshot (medians): "
        + ", ".join(f"{k} {v} ms" for k, v in restored.items())
    )
    say(
        f"  where return {RETURNS} goes (medians): "
        + ", ".join(f"{k.removesuffix('_ms')} {v} ms" for k, v in later_breakdown.items())
    )
    say(
        f"  the snapshot on the device: {kept['snapshot_stored_bytes']:,} bytes stored "
        f"({kept['snapshot_bytes']:,} in memory); taking it {kept['snapshot_take_ms']} ms and keeping it "
        f"{kept['snapshot_keep_ms']} ms of the worker's time (medians), begun at least "
        f"{kept['snapshot_began_after_answer_ms']} ms after the first visit's answer was on screen"
    )
    offline = measure_offline_copy(browser, base)
    say(
        f"  saving the site for offline use after a first visit to /{GUIDE_PAGE}: {offline['bytes']:,} bytes = "
        f"{kb(offline['bytes'])} in {offline['requests']} requests, done {offline['seconds']} s after navigation"
    )

    say(
        "\nBytes of cold loads (as transferred, text gzipped by the server; uncompressed in brackets;"
        " the page alone, without the offline copy above)"
    )
    guide = measure_bytes(browser, base, GUIDE_PAGE, calculator=False)
    calc = measure_bytes(browser, base, CALC_PAGE, calculator=True)
    for label, b in ((f"guide page /{GUIDE_PAGE} (no form.calc)", guide), ("calculator page", calc)):
        say(
            f"  {label}: {b['bytes']:,} bytes = {kb(b['bytes'])} [uncompressed {kb(b['uncompressed'])}], "
            f"{b['requests']} requests, loads Pyodide: {b['loads_pyodide']}"
        )
        say("    biggest: " + ", ".join(f"{url} {kb(n)}" for n, url in b["biggest"]))
    if guide["loads_pyodide"]:
        raise BenchError(f"the guide page /{GUIDE_PAGE} loaded Pyodide")

    phone = measure_phone(browser, args.phone_base, args.phone_link) if args.phone_base else {}

    figures = {
        **phone,
        "pyodide_boot_ms": round(boot_ms, 1),
        "first_result_ms": round(first_ms, 1),
        "ratio": round(first_ms / boot_ms, 3),
        "recompute_p95_ms": round(rec_p95, 1),
        "longest_main_thread_task_ms": round(longest, 1),
        "guide_page_bytes": guide["bytes"],
        "calculator_page_bytes": calc["bytes"],
        "repeat_visit_first_result_ms": round(repeat_ms, 1),
        "snapshot_began_after_answer": kept["snapshot_began_after_answer_ms"] > 0,
    }
    targets = {
        name: {"target": text, "met": check(figures[name])}
        for name, (text, check) in TARGETS.items()
        if name in figures
    }
    targets["repeat_visit_first_result_ms"] = {
        "target": f"<= {REPEAT_SHARE} x first_result_ms",
        "met": repeat_ms <= REPEAT_SHARE * first_ms,
    }
    say("\nTargets")
    for name, t in targets.items():
        say(f"  {name} = {figures[name]} (target {t['target']}): {'met' if t['met'] else 'MISSED'}")

    return {
        **figures,
        "recompute_worker_median_ms": round(rec_worker, 2),
        "recompute_median_ms": round(median(rec["page"]), 1),
        "targets": targets,
        "runs": args.runs,
        "submits": args.submits,
        "pages": {"calculator": "/" + CALC_PAGE, "guide": "/" + GUIDE_PAGE},
        "pyodide_boot_runs_ms": [round(b["loadMs"], 1) for b in boots],
        "pyodide_boot_worker_start_ms": round(median([b["startMs"] for b in boots]), 1),
        "first_result_runs_ms": [round(f["first_result_ms"], 1) for f in firsts],
        "first_result_wall_runs_ms": [round(f["wall_ms"], 1) for f in firsts],
        "first_result_breakdown_ms": cold["breakdown"],
        "repeat_visit_runs_ms": [[round(r["marks"]["result"], 1) for r in v["returns"]] for v in visits],
        "repeat_visit_breakdown_ms": repeat_breakdown,
        "repeat_visit_share_of_cold": round(repeat_ms / first_ms, 3),
        "repeat_visit_later_ms": round(later_ms, 1),
        "repeat_visit_later_share_of_cold": round(later_ms / first_ms, 3),
        "repeat_visit_later_breakdown_ms": later_breakdown,
        "repeat_visit_restored_in_ms": restored,
        "repeat_visits_from_snapshot": f"{from_snapshot}/{len(returns)}",
        **kept,
        "offline_copy_bytes": offline["bytes"],
        "offline_copy_requests": offline["requests"],
        "offline_copy_seconds": offline["seconds"],
        "longest_task_runs_ms": [round(f["longest_task_ms"], 1) for f in firsts],
        "longest_main_thread_task_worst_ms": round(max(f["longest_task_ms"] for f in firsts), 1),
        "guide_page_longest_task_ms": round(guide_longest, 1),
        "guide_page_bytes_uncompressed": guide["uncompressed"],
        "calculator_page_bytes_uncompressed": calc["uncompressed"],
        "bytes_method": "sum of transferred response sizes (Content-Length, text gzipped by "
        "scripts/site_server.py as web hosts do) of every request of a cold load, workers included",
        "chromium": browser.version,
        "cpus": os.cpu_count(),
        "load_average_1min": {"start": load_at_start, "end": round(os.getloadavg()[0], 2)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure the speed of the guide's calculators in Chromium.")
    parser.add_argument("--runs", type=int, default=9, help="cold runs for the medians (default 9)")
    parser.add_argument(
        "--submits", type=int, default=40, help="form submits for the recompute figure (default 40)"
    )
    parser.add_argument(
        "--phone",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure over a paced phone link (default on)",
    )
    args = parser.parse_args()
    if args.runs < 1 or args.submits < 2:
        parser.error("--runs must be at least 1 and --submits at least 2")
    started = time.perf_counter()
    try:
        result = run(args)
    except BenchError as error:
        print(f"bench: measurement failed: {error}", file=sys.stderr)
        return 1
    result["bench_seconds"] = round(time.perf_counter() - started, 1)
    say(f"\nDone in {result['bench_seconds']} s.")
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
