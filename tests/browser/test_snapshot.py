"""The memory snapshot of the ready engine, kept on the device (issue 17).

After a first start the worker keeps a snapshot of the started engine in Cache Storage under the
manifest's key; a return visit starts from it, checks it with the build's probes, and answers as
a normal start does. A snapshot of another version is not used, a broken one is deleted and the
normal start follows unseen. (Offline with a snapshot and Save-Data: tests/browser/test_offline.py;
deletion when a new version takes over: its update test. The private Pyodide options:
tests/test_pyodide.py.)
"""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path

import pytest
from books import REAL
from playwright.sync_api import Browser, BrowserContext, Page, Route
from test_calculators import golden_differences

from calculators import run

pytestmark = pytest.mark.slow

# A what-if: Python answers it (choices alone are answered from the answers shipped at build time).
ANSWERS = {"date": "2024-08-15", "role": "to_truong", "training": "none"}
ASSUME = {"title_extra_to_truong": "111111"}
LINK = (
    "may-tinh/ho-tro-hang-thang/?calc=monthly&date=2024-08-15&role=to_truong&training=none"
    "&assume.title_extra_to_truong=111111"
)
RESULT = "section.calc-result[data-total]"
PREFIX = "calc-snapshot-"
MAGIC = 1886286592  # how Pyodide's snapshots begin (docs/assets/js/pyodide-snapshot.js)
LAYOUT = 0x3150_4E53  # how a kept snapshot begins (docs/assets/js/snapshot-pages.js)


def kept_layout(memory: bytes) -> bytes:
    """`memory` in the layout snapshot-pages.js keeps, every page stored (valid, if larger than
    the site would store it)."""
    pages = -(-len(memory) // 4096)
    return struct.pack("<II", LAYOUT, len(memory)) + b"\x01" * pages + memory


KEPT = """async (prefix) => {
  const out = {};
  for (const name of (await caches.keys()).filter((n) => n.startsWith(prefix))) {
    const response = await (await caches.open(name)).match(new URL("assets/js/snapshot", location.origin + "/").href);
    out[name] = response ? { stored: (await response.arrayBuffer()).byteLength, size: Number(response.headers.get("X-Snapshot-Size")) } : null;
  }
  return out;
}"""
# As snapshot-store.js keeps one: the stored bytes, and the size of the memory they hold.
PLANT = """async ([name, bytes, size]) => {
  const cache = await caches.open(name);
  const headers = { "X-Snapshot-Size": String(size) };
  await cache.put(new URL("assets/js/snapshot", location.origin + "/").href, new Response(new Uint8Array(bytes), { headers }));
}"""


def manifest_key(site_dir: Path) -> str:
    manifest = site_dir / "assets" / "calculators" / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["snapshot"]["key"]


def visit(context: BrowserContext, url: str) -> Page:
    """Open the link in a new tab until its result; returns the tab."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(RESULT, state="visible", timeout=120_000)
    return page


def engine_start(page: Page) -> str:
    return page.evaluate("document.documentElement.dataset.calcEngine")


def wait_for_snapshot(page: Page) -> str:
    page.wait_for_function("document.documentElement.dataset.calcSnapshot", timeout=60_000)
    return page.evaluate("document.documentElement.dataset.calcSnapshot")


def total(page: Page) -> str:
    return page.locator("section.calc-result").get_attribute("data-total")


def test_a_return_visit_answers_from_the_snapshot_as_a_normal_start_does(
    browser: Browser, site: str, site_dir: Path
) -> None:
    """The first visit answers, then keeps a gzipped snapshot under this version's key; the
    second starts from it, gives the same answer, and every golden case gives CPython's."""
    expected = str(run("monthly", ANSWERS, ASSUME, book=REAL).total)
    context = browser.new_context(locale="vi-VN")
    try:
        first = visit(context, site + LINK)
        assert engine_start(first) == "start" and total(first) == expected
        assert wait_for_snapshot(first) == "kept"
        kept = first.evaluate(KEPT, PREFIX)
        assert list(kept) == [PREFIX + manifest_key(site_dir)]
        (stored,) = kept.values()
        assert stored["size"] > 10_000_000 and 0 < stored["stored"] < stored["size"] / 2, stored
        first.close()

        again = visit(context, site + LINK)
        assert engine_start(again) == "snapshot"
        assert total(again) == expected
        differences = golden_differences(again, site)
        assert not differences, "\n".join(differences[:10])
    finally:
        context.close()


def test_a_snapshot_of_another_version_or_a_broken_one_is_never_used(
    browser: Browser, site: str, site_dir: Path
) -> None:
    """Planted before the first start: a snapshot under another key (another wheel) is deleted
    unused; under this version's key, one kept without a plausible size, bytes that are not
    gzip, a gzipped file that is not in the kept layout, and one in that layout that begins like
    a snapshot but is none, are each deleted, the normal start answers, and a good snapshot is
    kept in their place. None leaves an unhandled error behind."""
    key = manifest_key(site_dir)
    expected = str(run("monthly", ANSWERS, ASSUME, book=REAL).total)
    fake = struct.pack("<I", MAGIC) + bytes(range(256)) * 256
    size = len(fake)
    # What is planted (cache, stored bytes, size of the memory they say they hold), and the
    # reason the worker gives for not using it.
    planted = {
        "another wheel": (
            PREFIX + "314.0.7-0000000000000000",
            gzip.compress(kept_layout(fake)),
            size,
            "another version",
        ),
        "no size": (PREFIX + key, gzip.compress(kept_layout(fake)), 0, "no plausible size"),
        "not gzip": (PREFIX + key, b"not a snapshot at all", size, "TypeError"),
        "not the kept layout": (PREFIX + key, gzip.compress(fake), size, "not a kept snapshot"),
        "not a snapshot": (PREFIX + key, gzip.compress(kept_layout(fake)), size, "build id mismatch"),
    }
    context = browser.new_context(locale="vi-VN")
    try:
        for what, (name, data, size, reason) in planted.items():
            page = context.new_page()
            page.goto(site + "thuat-ngu/")
            page.evaluate(
                "(p) => caches.keys().then((n) => Promise.all(n.filter((x) => x.startsWith(p)).map((x) => caches.delete(x))))",
                PREFIX,
            )
            page.evaluate(PLANT, [name, list(data), size])
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))  # the worker's too
            page.goto(site + LINK)
            page.wait_for_selector(RESULT, state="visible", timeout=120_000)
            assert engine_start(page) == "start", what
            rejected = page.evaluate("document.documentElement.dataset.calcSnapshotRejected")
            assert reason in (rejected or ""), (what, rejected)
            assert total(page) == expected, what
            assert wait_for_snapshot(page) == "kept", what
            kept = page.evaluate(KEPT, PREFIX)
            assert list(kept) == [PREFIX + key], what
            assert kept[PREFIX + key]["size"] > 10_000_000, what
            assert errors == [], what
            page.close()
    finally:
        context.close()


# The page's watch over a start (engine.js), shortened once the engine is ready: progress after
# "ready" (a normal start replacing an engine from a snapshot) must not be judged as a stalled
# start. Before "ready" the watch keeps its normal length, however slow the machine.
WATCH_MS = 3000
# Every "ready" and "replaced" the page's worker sends, in order, with how its engine started.
READIES = f"""window.__readies = [];
const Native = window.Worker;
window.Worker = class extends Native {{
  constructor(url, options) {{
    super(url, options);
    this.addEventListener("message", (e) => {{
      if (!["ready", "replaced"].includes(e.data.type)) return;
      window.__readies.push([e.data.type, e.data.from]);
      window.__calcStallMs = window.__calcSettleMs = {WATCH_MS};
    }});
  }}
}};"""


@pytest.mark.parametrize("wrong", ["monthly", "duty"])
def test_an_engine_from_a_snapshot_that_misses_a_probe_answers_nothing_more(
    browser: Browser, site: str, wrong: str
) -> None:
    """A snapshot engine must give each calculator's known case the build's answer before that
    calculator answers. Here the manifest says another answer for one of them (the service worker
    is left out so that the worker's request for it can be changed). The page's own calculator
    (monthly) is checked before "ready": the normal start answers from the outset. Another one
    (duty) is checked right after the first answer: the snapshot is deleted and a normal start
    replaces the engine (the page is told "replaced", not "ready" again, and the form stays
    ready), which then gives every golden case CPython's answer."""
    expected = str(run("monthly", ANSWERS, ASSUME, book=REAL).total)
    context = browser.new_context(locale="vi-VN", service_workers="block")
    context.add_init_script(READIES)
    try:
        first = visit(context, site + LINK)
        assert wait_for_snapshot(first) == "kept"
        first.close()

        def another_answer(route: Route) -> None:
            response = route.fetch()
            manifest = response.json()
            for probe in manifest["snapshot"]["probes"]:
                if probe["calculator"] == wrong:
                    probe["sha256"] = "0" * 64
            route.fulfill(response=response, json=manifest)

        context.route("**/assets/calculators/manifest.json", another_answer)
        errors: list[str] = []
        context.on("weberror", lambda e: errors.append(str(e.error)))  # the worker's too
        again = visit(context, site + LINK)
        again.wait_for_function("document.documentElement.dataset.calcEngine === 'start'", timeout=120_000)
        said = again.evaluate("window.__readies")
        assert said == (
            [["ready", "start"]] if wrong == "monthly" else [["ready", "snapshot"], ["replaced", "start"]]
        )
        rejected = again.evaluate("document.documentElement.dataset.calcSnapshotRejected")
        assert f"probe {wrong} differs" in (rejected or ""), rejected
        assert total(again) == expected
        assert again.evaluate(KEPT, PREFIX) == {}
        again.wait_for_timeout(WATCH_MS + 1000)
        assert (
            again.evaluate("(u) => import(u).then((m) => m.state().state)", site + "assets/js/engine.js")
            == "ready"
        )
        differences = golden_differences(again, site)
        assert not differences, "\n".join(differences[:10])
        assert errors == []
    finally:
        context.close()
