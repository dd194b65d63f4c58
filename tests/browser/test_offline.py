"""Offline use: after one online visit every page works without a network (a service worker
with Workbox keeps the site); the calculators' engine is saved only for a reader who used a
calculator on a fast link, or from the trainers' button, never in the background under
Save-Data; the reader is told when saving is done, and reading offline says whether it is the
saved copy; a new version of the site is offered (with its figures' date) and used when asked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import rate_edits
from books import REAL
from conftest import AXE, REPO, _free_port
from playwright.sync_api import Browser, BrowserContext, Page
from site_build import build_site
from site_server import serve_in_background

from calculators import run, text
from calculators.tools.paths import RATES
from calculators.tools.rates_file import check_text
from calculators.tools.site.published import summary

sys.path.insert(0, str(REPO / "tests"))
from project_copy import clean_copy

pytestmark = pytest.mark.slow

BOOK = REAL
CHECKED_ON = BOOK.meta.checked_on
READY = "document.documentElement.dataset.offlineReady === '1'"
MONTHLY = {"date": "2024-08-15", "role": "to_vien", "training": "none"}


def serious_axe_findings(page: Page) -> list[str]:
    """axe-core on the notice area (the rest of each page is audited in test_site.py)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run("#site-notices", {resultTypes: ["violations"]}))
      .violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => v.id + ": " + v.help)""")
    return found


def wait_until_saved(page: Page) -> None:
    """The service worker has stored every file of the site (its install finished)."""
    page.wait_for_function(READY, timeout=120_000)


def pages_of(site_dir: Path) -> list[str]:
    return sorted(
        p.parent.relative_to(site_dir).as_posix() + "/" if p.parent != site_dir else ""
        for p in site_dir.rglob("index.html")
    )


ENGINE_FILES = ("/assets/pyodide/", "/assets/calculators/calculators-")
SAVE_DATA = "Object.defineProperty(navigator, 'connection', {value: {saveData: true, effectiveType: '4g'}});"


NO_CALCULATOR_WORKER = """(() => {
  const Native = window.Worker;
  window.Worker = function (url, options) {
    if (!String(url).includes("calculator-worker")) return new Native(url, options);
    // A worker that fails to start at once: the page settles and saves the site as usual.
    const stub = new EventTarget();
    stub.postMessage = (msg) => setTimeout(() => stub.dispatchEvent(new MessageEvent("message", { data: { type: "failed", reason: "start" } })));
    stub.terminate = () => {};
    return stub;
  };
})();"""


def _snapshot_key(built: Path) -> str:
    manifest = built / "assets" / "calculators" / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["snapshot"]["key"]


def _engine_requests(requests: list[tuple[bool, str]], by_worker: bool) -> list[str]:
    return [u for sw, u in requests if sw == by_worker and any(f in u for f in ENGINE_FILES)]


def test_after_one_visit_every_page_works_offline_and_the_engine_is_left_alone(
    browser: Browser, site: str, site_dir: Path
) -> None:
    """A reader who only read: every page, search and the answers of choices work offline; the
    engine (14 MB) was never downloaded in the background; the reader was told it is saved."""
    context: BrowserContext = browser.new_context(locale="vi-VN")
    requested: list[tuple[bool, str]] = []
    context.on("request", lambda r: requested.append((r.service_worker is not None, r.url)))
    page = context.new_page()
    try:
        page.goto(site + "thuat-ngu/")
        wait_until_saved(page)
        saved = page.locator('#site-notices [data-notice="saved"]')
        saved.wait_for(state="visible")
        assert "Đã lưu xong" in saved.inner_text()
        # Saving the site never left this site, and never took the engine.
        assert [u for _, u in requested if u.startswith("http") and not u.startswith(site)] == []
        assert _engine_requests(requested, by_worker=True) == []
        assert _engine_requests(requested, by_worker=False) == []

        context.set_offline(True)
        notice = page.locator('#site-notices [data-notice="offline"]')
        notice.wait_for(state="visible")
        assert "Không có mạng" in notice.inner_text() and "bản đã lưu" in notice.inner_text()
        assert text.date(CHECKED_ON) in notice.inner_text()
        assert serious_axe_findings(page) == []

        for path in pages_of(site_dir):
            response = page.goto(site + path)
            assert response is not None and response.ok, path
            assert page.locator("h1").first.inner_text().strip(), path
            assert page.locator('#site-notices [data-notice="offline"]').is_visible(), path

        # A shared link of choices only answers offline, with the same total as the command line.
        query = "&".join(f"{k}={v}" for k, v in MONTHLY.items())
        page.goto(site + f"may-tinh/ho-tro-hang-thang/?calc=monthly&{query}")
        result = page.locator("section.calc-result[data-total]")
        result.wait_for(state="visible", timeout=30_000)
        assert result.get_attribute("data-total") == str(run("monthly", MONTHLY, book=BOOK).total)
        # Search has its index offline too.
        assert page.evaluate("fetch('../../search/search_index.json').then((r) => r.ok)")

        context.set_offline(False)
        page.locator('#site-notices [data-notice="offline"]').wait_for(state="detached")
    finally:
        context.close()


def test_a_reader_who_used_a_calculator_gets_its_engine_saved(
    browser: Browser, site: str, site_dir: Path
) -> None:
    """On a fast link, after using a calculator, the engine is saved too, and a memory
    snapshot of it (test_snapshot.py): offline, every calculator page starts Python from the
    snapshot and the saved copy, and a typed amount computes."""
    context: BrowserContext = browser.new_context(locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(site + "may-tinh/bao-hiem-xa-hoi/")
        page.wait_for_selector("#calc-bhxh-status[data-kind=ready]", timeout=120_000)
        page.wait_for_function(
            "document.querySelector('#site-notices [data-notice=saved]')?.textContent.includes('bộ tính toán dùng được')",
            timeout=120_000,
        )
        page.wait_for_function("document.documentElement.dataset.calcSnapshot === 'kept'", timeout=60_000)
        context.set_offline(True)
        for form_page in [p for p in pages_of(site_dir) if p.startswith("may-tinh/") and p != "may-tinh/"]:
            page.goto(site + form_page)
            page.wait_for_function(
                "document.querySelector('.calc-status')?.dataset.kind === 'ready'", timeout=120_000
            )
            assert page.evaluate("document.documentElement.dataset.calcEngine") == "snapshot", form_page
        answers = {"date": "2026-08-01", "group": "poor", "income": "2000000"}
        page.goto(site + "may-tinh/bao-hiem-xa-hoi/?calc=bhxh&date=01/08/2026&group=poor&income=2000000")
        page.wait_for_selector("#calc-bhxh-status[data-kind=done]", timeout=120_000)
        expected = run("bhxh", answers, book=BOOK)
        assert page.locator("section.calc-result").get_attribute("data-total") == str(expected.total)
    finally:
        context.close()


def test_save_data_downloads_nothing_in_the_background_and_the_button_saves_everything(
    browser: Browser, site: str
) -> None:
    """A browser that asks to save data: no service worker, no background download. The
    trainers' offline page saves everything when asked, with its progress, and says when done."""
    context: BrowserContext = browser.new_context(locale="vi-VN")
    context.add_init_script(SAVE_DATA)
    requested: list[tuple[bool, str]] = []
    context.on("request", lambda r: requested.append((r.service_worker is not None, r.url)))
    page = context.new_page()
    try:
        page.goto(site + "thuat-ngu/")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
        assert _engine_requests(requested, by_worker=True) == []

        page.goto(site + "tap-huan/khong-co-mang/")
        button = page.locator(".save-offline button")
        button.click()
        status = page.locator(".save-offline [role=status]")
        page.wait_for_function(
            "document.querySelector('.save-offline')?.dataset.saved === '1'", timeout=120_000
        )
        assert status.inner_text() == "Đã lưu xong: dùng được khi không có mạng."
        assert _engine_requests(requested, by_worker=True), "the button downloaded the engine"

        context.set_offline(True)
        page.goto(site + "may-tinh/bao-hiem-y-te/?calc=bhyt&date=01/08/2026&position=7")
        page.wait_for_selector("#calc-bhyt-status[data-kind=done]", timeout=120_000)
        expected = run("bhyt", {"date": "2026-08-01", "position": "7"}, book=BOOK)
        assert page.locator("section.calc-result").get_attribute("data-total") == str(expected.total)
        # Nor is a memory snapshot of the engine kept under Save-Data (the reader asked for the
        # files, not for 6 MB more on the device).
        page.wait_for_function("document.documentElement.dataset.calcSnapshot === 'skipped'", timeout=60_000)
        assert (
            page.evaluate(
                "import(new URL('/assets/js/engine.js', location.origin).href).then((m) => m.snapshotState().why)"
            )
            == "save-data"
        )
        assert (
            page.evaluate("caches.keys().then((n) => n.filter((x) => x.startsWith('calc-snapshot-')))") == []
        )
    finally:
        context.close()


def test_going_offline_on_a_first_visit_claims_no_saved_copy(browser: Browser, site: str) -> None:
    context: BrowserContext = browser.new_context(locale="vi-VN")
    context.add_init_script(SAVE_DATA)  # no service worker: nothing is saved
    page = context.new_page()
    try:
        page.goto(site + "ho-tro-hang-thang/")
        context.set_offline(True)
        notice = page.locator('#site-notices [data-notice="offline"]')
        notice.wait_for(state="visible")
        said = notice.inner_text()
        assert "Không có mạng" in said and "chưa được lưu" in said and "bản đã lưu" not in said
    finally:
        context.close()


def test_the_saved_copy_lists_every_file_of_the_site(site_dir: Path) -> None:
    sw = (site_dir / "sw.js").read_text(encoding="utf-8")
    site_part, engine_part = sw.split("self.__ENGINE", 1)
    listed = set(re.findall(r'"url": "([^"]+)"', site_part))
    engine = set(re.findall(r'"url": "([^"]+)"', engine_part))
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    # Not saved: source maps, the sitemap's .gz, and the Brotli copies a host sends in place of
    # a file (the service worker keeps what the browser decoded).
    expected = {f for f in files if f != "sw.js" and not f.endswith((".map", ".gz", ".br"))}
    assert listed | engine == expected and not listed & engine
    assert "assets/pyodide/pyodide.asm.wasm.br" in files
    assert {f for f in engine if "pyodide.asm.wasm" in f or f.endswith(".whl")}, engine
    assert any("/answers/" in f for f in listed), "the answers of choices are saved with the site"
    # Workbox comes from this site, never from its default CDN.
    assert 'modulePathPrefix: "assets/workbox/"' in (site_dir / "assets/js/offline-worker.js").read_text()


def _published(rates_text: str) -> dict[str, Any]:
    data, errors = check_text(rates_text, "rates.yaml")
    assert not errors and data is not None, errors
    return {"version": "build", **summary(data)}


def _news(page: Page, site: str, fresh: Any, current: Any, shown: dict[str, Any]) -> dict[str, Any]:
    """What assets/js/figures-news.js says, the page showing the figures of `shown`."""
    return page.evaluate(
        """async ([url, fresh, current, version, date]) =>
             (await import(url)).figuresNews(fresh, current, version, date)""",
        [site + "assets/js/figures-news.js", fresh, current, shown["figuresVersion"], shown["checkedOnText"]],
    )


def test_the_update_notice_says_whether_and_which_figures_changed(browser: Browser, site: str) -> None:
    """Each case of the notice's wording, on versions of rates.yaml edited as a maintainer would;
    the whole update, in a browser with two builds, is the next test."""
    original = RATES.read_text(encoding="utf-8")
    old_date = rate_edits.checked_on(original)
    later = str(dt.date.fromisoformat(old_date) + dt.timedelta(days=1))
    redated = original.replace(f"checked_on: {old_date}", f"checked_on: {later}", 1)
    current = _published(original)
    old_salary = text.money(BOOK.parameters["base_salary"].values[-1].value)
    new_salary = rate_edits.ILLUSTRATIVE["money"]
    corrected = _published(rate_edits.set_latest(redated, "base_salary", new_salary))
    start = BOOK.meta.covered_until.isoformat()
    ref = "{source: " + BOOK.parameters["base_salary"].values[-1].ref.source + "}"
    grown = _published(rate_edits.new_period(redated, "base_salary", start, new_salary, ref))
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(site + "thuat-ngu/")
        same = _news(page, site, _published(original), current, current)
        assert "Số liệu không đổi" in same["text"] and same["list"] == []
        checked_again = _news(page, site, _published(redated), current, current)
        assert "Số liệu không đổi" in checked_again["text"]
        assert f"kiểm tra lại ngày {text.date(dt.date.fromisoformat(later))}" in checked_again["text"]

        changed = _news(page, site, corrected, current, current)
        assert "Số liệu đã thay đổi" in changed["text"]
        assert current["checkedOnText"] in changed["text"] and corrected["checkedOnText"] in changed["text"]
        (item,) = changed["list"]
        label = BOOK.parameters["base_salary"].label
        assert item.startswith(f"{label}: nay là ") and text.money(new_salary) in item
        assert f"thay cho {current['figures']['base_salary']['values'][-1]}" in item and old_salary in item

        recited = _news(
            page, site, _published(rate_edits.cite_previous(redated, "base_salary")), current, current
        )
        assert "Các mức không đổi; nguồn hoặc ghi chú" in recited["text"] and recited["list"] == []

        (added,) = _news(page, site, grown, current, current)["list"]
        assert f"nay là từ {text.date(BOOK.meta.covered_until)}" in added and "thay cho" not in added

        # A build from before figures were published (or a worker that does not answer).
        unknown = _news(page, site, corrected, {"checkedOnText": current["checkedOnText"]}, current)
        assert "Số liệu đã thay đổi" in unknown["text"] and unknown["list"] == []
        no_answer = _news(page, site, None, current, current)
        assert "Hãy dùng bản mới" in no_answer["text"]

        # Many changes: the first ones, then how many more (the button stays in view).
        many = {
            **corrected,
            "figures": {
                pid: {**f, "values": [*f["values"], f"từ {text.date(BOOK.meta.covered_until)}: minh họa"]}
                for pid, f in current["figures"].items()
            },
        }
        listed = _news(page, site, many, current, current)["list"]
        shown = page.evaluate(
            "async (url) => (await import(url)).MAX_LISTED", site + "assets/js/figures-news.js"
        )
        assert len(listed) == shown + 1
        assert listed[-1].startswith(f"Và {len(current['figures']) - shown} thay đổi khác")
    finally:
        context.close()


def test_a_new_version_is_offered_with_what_changed_and_used_when_asked(
    browser: Browser, tmp_path: Path
) -> None:
    """Two builds at one address: this checkout, then a copy whose base salary was corrected
    and whose figures were checked later (as check-rates --since asks)."""
    port = _free_port()
    later = CHECKED_ON + dt.timedelta(days=2)
    copy = clean_copy(tmp_path / "copy")
    (copy / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    rates = copy / "rates.yaml"
    original = rates.read_text(encoding="utf-8")
    salary = BOOK.parameters["base_salary"]
    old_salary, new_salary = text.money(salary.values[-1].value), text.money(rate_edits.ILLUSTRATIVE["money"])
    edited = rate_edits.set_latest(original, "base_salary", rate_edits.ILLUSTRATIVE["money"])
    rates.write_text(edited.replace(f"checked_on: {CHECKED_ON}", f"checked_on: {later}", 1), encoding="utf-8")
    assert rates.read_text(encoding="utf-8") != original
    build_site(tmp_path / "old", port)
    build_site(tmp_path / "new", port, project=copy)
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "old", target_is_directory=True)
    server, base = serve_in_background(current, port)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    old_text, new_text = text.date(CHECKED_ON), text.date(later)
    # A memory snapshot of the old version's engine (test_snapshot.py): the new version's
    # service worker deletes it when it takes over (its figures and wheel differ, so its key
    # does too). The calculators' worker would delete it as well on its next start, so here it
    # never starts: only the service worker can have deleted it.
    context.add_init_script(NO_CALCULATOR_WORKER)
    old_snapshot = "calc-snapshot-" + _snapshot_key(tmp_path / "old")
    assert _snapshot_key(tmp_path / "new") != _snapshot_key(tmp_path / "old")
    try:
        page.goto(base + "ho-tro-hang-thang/")
        wait_until_saved(page)
        assert old_text in page.locator(".figures-date").inner_text()
        assert old_salary in page.locator("article").inner_text()
        page.evaluate(
            "(name) => caches.open(name).then((c) => c.put('/assets/js/snapshot', new Response('x')))",
            old_snapshot,
        )

        current.unlink()
        current.symlink_to(tmp_path / "new", target_is_directory=True)
        page.reload()  # the saved copy answers; the browser looks for a new version meanwhile
        update = page.locator('#site-notices [data-notice="update"]')
        update.wait_for(state="visible", timeout=120_000)
        assert new_text in update.inner_text() and old_text in update.inner_text()
        # What changed, in words: the figure, from when, the new amount and the one it replaces.
        (change,) = update.locator("li").all_inner_texts()
        assert change.startswith(f"{salary.label}: nay là từ {text.date(salary.values[-1].start)}")
        assert new_salary in change and old_salary in change
        assert serious_axe_findings(page) == []
        # The choice is a real button, reachable from the keyboard.
        button = update.get_by_role("button", name="Dùng bản mới")
        button.focus()
        assert page.evaluate("document.activeElement.textContent") == "Dùng bản mới"
        # Until the reader chooses, the page stays whole and of one version (the old one).
        assert old_text in page.locator(".figures-date").inner_text()
        assert old_salary in page.locator("article").inner_text()

        with page.expect_navigation():
            update.get_by_role("button", name="Dùng bản mới").click()
        assert new_text in page.locator(".figures-date").inner_text()
        assert new_salary in page.locator("article").inner_text()
        assert old_salary not in page.locator("article").inner_text()
        assert page.locator('#site-notices [data-notice="update"]').count() == 0
        for _ in range(100):  # wait_for_function would take the promise itself for true
            if not page.evaluate("(name) => caches.has(name)", old_snapshot):
                break
            page.wait_for_timeout(100)
        assert not page.evaluate("(name) => caches.has(name)", old_snapshot)

        # The saved copy is now the new one.
        context.set_offline(True)
        page.goto(base + "boi-duong/")
        assert new_text in page.locator(".figures-date").inner_text()
        assert urlsplit(page.url).path == "/boi-duong/"
    finally:
        context.close()
        server.shutdown()
