"""Start-up of the in-browser calculators: only where a calculator is; progress judged by bytes,
not time; a clear message within seconds when Pyodide cannot start (it logs a failed
instantiation and hangs), a retry without reloading, and a slow start that recovers by itself.
No timing is asserted but generous upper bounds (scripts/bench measures)."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
import site_server  # scripts/, on the path from conftest.py
from books import REAL
from playwright.sync_api import Browser, Page, Route
from test_questions_while_starting import LINK  # a what-if: only the engine answers it

from calculators import run

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "path",
    [
        "boi-duong/",
        "tap-huan/vi-du/",  # names calculators (data-calculator) and links to them, but has no form
    ],
)
def test_a_guide_page_without_a_calculator_never_starts_pyodide(
    browser: Browser, site: str, path: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    saved: list[str] = []
    # The service worker's requests save the site for offline use (tests/browser/test_offline.py);
    # they are not the page starting Python.
    context.on("request", lambda r: (saved if r.service_worker else fetched).append(r.url))
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("form.calc").count() == 0
    assert not [u for u in fetched if "/assets/pyodide/" in u or "/assets/calculators/" in u]
    assert not [w.url for w in page.workers if "calculator-worker" in w.url]
    context.close()


def _status(page: Page) -> tuple[str, str]:
    status = page.locator(".calc-status")
    return status.get_attribute("data-kind") or "", status.inner_text()


def _compute_monthly(page: Page) -> str:
    page.check("#calc-monthly-role-to_vien")
    page.check("#calc-monthly-training-none")
    page.fill("#calc-monthly-date", "15/08/2024")
    page.click(".calc-submit")
    page.wait_for_selector("#calc-monthly-status[data-kind=done]", timeout=60000)
    return page.locator("section.calc-result").get_attribute("data-total") or ""


def _monthly_total() -> str:
    return str(run("monthly", {"date": "15/08/2024", "role": "to_vien", "training": "none"}, book=REAL).total)


def test_a_stalled_start_gives_a_clear_message_and_keeps_the_page_useful(browser: Browser, site: str) -> None:
    """No byte of the WebAssembly arrives (as with a host that never answers): after the stall
    time the form says so, next to its button, offers a retry and points to the guide's table."""
    context = browser.new_context()
    context.add_init_script("window.__calcStallMs = 3000;")
    stalled: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: stalled.append(route))
    page = context.new_page()
    page.goto(site + "may-tinh/ho-tro-hang-thang/")
    page.wait_for_selector("#calc-monthly-status[data-kind=error]", timeout=20000)
    _, text = _status(page)
    assert "Mạng chậm hoặc bị ngắt" in text and "Thử tải lại" in text, text
    assert page.locator(".calc-actions .calc-status").count() == 1, "the status is next to the button"
    assert page.is_visible(".calc-retry")
    assert page.is_visible(".calc-while a"), "while waiting, the guide's table"
    # The explanation and the form are still there; what the user typed is not lost.
    page.fill("#calc-monthly-date", "15/08/2024")
    assert page.input_value("#calc-monthly-date") == "15/08/2024"
    assert "Giải thích đầy đủ" in page.inner_text("article")
    for route in stalled:
        route.abort()
    context.close()


def test_a_webassembly_that_fails_says_so_at_once_and_a_retry_works(browser: Browser, site: str) -> None:
    """A corrupt (or blocked) WebAssembly: Pyodide only logs a warning and waits forever; the
    form says so within seconds, and "Thử tải lại" starts again without reloading the page."""
    context = browser.new_context()
    broken = lambda route: route.fulfill(status=200, body=b"\x00asm broken", content_type="application/wasm")  # noqa: E731
    context.route("**/pyodide.asm.wasm", broken)
    page = context.new_page()
    page.goto(site + "may-tinh/ho-tro-hang-thang/")
    page.wait_for_selector("#calc-monthly-status[data-kind=error]", timeout=10000)
    assert "không chạy được bộ tính toán" in _status(page)[1]
    page.fill("#calc-monthly-date", "15/08/2024")
    context.unroute("**/pyodide.asm.wasm", broken)
    page.click(".calc-retry")
    page.wait_for_selector("#calc-monthly-status[data-kind=ready]", timeout=60000)
    assert page.input_value("#calc-monthly-date") == "15/08/2024", "nothing typed is lost"
    assert _compute_monthly(page) == _monthly_total()
    assert not page.is_visible(".calc-retry")
    context.close()


class _SlowWasm(site_server.Handler):
    """The WebAssembly arrives late (a slow link's first bytes), everything else at once."""

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.path.endswith("pyodide.asm.wasm"):
            time.sleep(5)
        return super().send_head()


@pytest.mark.parametrize("changed", [False, True], ids=["link-untouched", "link-changed"])
def test_a_slow_start_given_up_on_then_ready_leaves_a_working_form(
    browser: Browser, site_dir: Path, changed: bool
) -> None:
    """The stall time passes before the first byte (the form says so), then the bytes come and
    Python starts: the form becomes ready by itself and computes. The shared link (a what-if,
    which only the engine answers) that the failed start left unanswered is answered then,
    unless the reader changed the form meanwhile: "Tính" asks the changed question."""
    server = site_server.make_server(site_dir, 0, handler=_SlowWasm)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    context.add_init_script("window.__calcStallMs = 2000;" + _STATUS_LOG)
    try:
        page = context.new_page()
        page.goto(base + LINK)
        page.wait_for_selector("#calc-monthly-status[data-kind=error]", timeout=20000)
        assert page.is_hidden("section.calc-result")
        if changed:
            page.check("#calc-monthly-training-trung_cap")
            page.wait_for_selector("#calc-monthly-status[data-kind=ready]", timeout=90000)
            assert page.is_hidden("section.calc-result")
            assert page.is_checked("#calc-monthly-training-trung_cap"), "nothing typed is lost"
            assert _compute_monthly(page) == _monthly_total()
            return
        page.wait_for_selector("#calc-monthly-status[data-kind=done]", timeout=90000)
        asked = run(
            "monthly",
            {"date": "15/08/2024", "role": "to_truong", "training": "none"},
            {"title_extra_to_truong": "111111"},
            book=REAL,
        )
        assert page.locator("section.calc-result").get_attribute("data-total") == str(asked.total)
        assert not page.is_visible(".calc-retry")
        seen = page.evaluate("window.__statusTexts")
        assert not [t for t in seen if t.startswith("Sẵn sàng")], seen  # the answer was on its way
        assert _compute_monthly(page) == _monthly_total()
    finally:
        context.close()
        server.shutdown()


def test_the_progress_says_how_much_is_loaded_in_megabytes(browser: Browser, site: str) -> None:
    """While the engine loads for a shared link (a what-if: only the engine answers it), the
    status next to the button counts what has arrived, then gives the result. It never says
    "Sẵn sàng. Nhập thông tin rồi bấm “Tính”" in between: a screen reader would read that out
    while the answer is on its way."""
    context = browser.new_context()
    context.add_init_script(_STATUS_LOG)
    page = context.new_page()
    page.goto(site + LINK)
    page.wait_for_selector("#calc-monthly-status[data-kind=done]", timeout=90000)
    seen = page.evaluate("window.__statusTexts")
    assert any(re.search(r"\d+,\d / \d+,\d MB", t) for t in seen) or any("Đã tải xong" in t for t in seen), (
        seen
    )
    assert seen[-1].startswith("Đã tính xong"), seen
    assert not [t for t in seen if t.startswith("Sẵn sàng")], seen
    context.close()


def test_the_progress_counts_the_bytes_the_link_carries(browser: Browser, site: str, site_dir: Path) -> None:
    """The megabytes shown are those over the network: the Brotli copy of the WebAssembly that
    the server sent in its place, not the 9.6 MB it decodes to."""
    context = browser.new_context()
    context.add_init_script(_WORKER_LOG)
    page = context.new_page()
    page.goto(site + "may-tinh/ho-tro-hang-thang/")
    page.wait_for_selector("#calc-monthly-status[data-kind=ready]", timeout=90000)
    last = page.evaluate("window.__progress.at(-1)")
    context.close()
    pyodide = site_dir / "assets" / "pyodide"
    (wheel,) = (site_dir / "assets" / "calculators").glob("calculators-*.whl")
    sent = (
        (pyodide / "pyodide.asm.wasm.br").stat().st_size
        + (pyodide / "python_stdlib_trimmed.zip").stat().st_size  # a zip: sent as it is
        + wheel.stat().st_size
    )
    assert (last["complete"], last["loaded"], last["total"]) == (True, sent, sent)


_STATUS_LOG = """
window.__statusTexts = [];
new MutationObserver(() => {
  const status = document.querySelector('.calc-status');
  if (status && window.__statusTexts.at(-1) !== status.textContent) window.__statusTexts.push(status.textContent);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


# Records every Web Worker the page creates, and when, before any page script runs; and every
# progress message they send, as the page receives it.
_WORKER_LOG = """
window.__workers = [];
window.__progress = [];
const Native = window.Worker;
window.Worker = class extends Native {
  constructor(url, options) {
    super(url, options);
    window.__workers.push({ url: String(url), at: performance.now(), parsing: document.readyState === "loading" });
    this.addEventListener("message", (e) => { if (e.data?.type === "progress") window.__progress.push(e.data); });
  }
};
"""


def test_a_calculator_page_starts_its_one_worker_while_the_page_still_loads(
    browser: Browser, site: str
) -> None:
    """The <head> of a calculator page creates the worker before the theme loads; the page's
    script adopts it (with the progress it missed) instead of starting a second Python."""
    context = browser.new_context()
    context.add_init_script(_WORKER_LOG)
    page = context.new_page()
    page.goto(site + "may-tinh/ho-tro-hang-thang/?calc=monthly&date=15/08/2024&role=to_vien&training=none")
    page.wait_for_selector("section.calc-result[data-total]", state="visible", timeout=90000)
    workers = [w for w in page.evaluate("window.__workers") if "calculator-worker" in w["url"]]
    assert len(workers) == 1, workers
    assert workers[0]["parsing"], "the worker should be created while the HTML is still being parsed"
    assert page.locator(".calc-status").get_attribute("data-kind") == "done"
    expected = run("monthly", {"date": "15/08/2024", "role": "to_vien", "training": "none"}, book=REAL)
    assert page.locator("section.calc-result").get_attribute("data-total") == str(expected.total)
    context.close()


def test_choices_and_a_date_are_answered_without_the_engine(browser: Browser, site: str) -> None:
    """With the engine's WebAssembly never arriving, a question made only of choices and a date
    (typed, or in a shared link) is still answered: the answer computed at build time, drawn
    like the engine's, with the date asked."""
    context = browser.new_context()
    stalled: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: stalled.append(route))
    try:
        page = context.new_page()
        page.goto(site + "may-tinh/ho-tro-hang-thang/")
        page.check("#calc-monthly-role-to_truong")
        page.check("#calc-monthly-training-none")
        page.fill("#calc-monthly-date", "15/08/2024")
        page.click(".calc-submit")
        page.wait_for_selector("section.calc-result:not([hidden])", timeout=20000)
        expected = run("monthly", {"date": "2024-08-15", "role": "to_truong", "training": "none"}, book=REAL)
        result = page.locator("section.calc-result")
        assert result.get_attribute("data-total") == str(expected.total)
        assert page.text_content(".calc-headline") == expected.headline
        assert "15/08/2024" in result.inner_text()
        # A shared link of choices only, the engine still missing.
        other = context.new_page()
        other.goto(site + "may-tinh/bao-hiem-xa-hoi/?calc=bhxh&date=01/03/2027&group=poor")
        other.wait_for_selector("section.calc-result:not([hidden])", timeout=20000)
        bhxh = run("bhxh", {"date": "2027-03-01", "group": "poor"}, book=REAL)
        assert other.text_content(".calc-headline") == bhxh.headline
        assert other.locator("section.calc-result").get_attribute("data-total") == str(bhxh.total)
    finally:
        for route in stalled:
            route.abort()
        context.close()


def test_a_module_missing_from_the_trimmed_standard_library_falls_back_to_the_full_one(
    browser: Browser, site: str, site_dir: Path
) -> None:
    """The worker starts on the trimmed standard library; an import it lacks loads the full one
    in its place and the answer still comes."""
    import io
    import zipfile

    trimmed = zipfile.ZipFile(site_dir / "assets" / "pyodide" / "python_stdlib_trimmed.zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as lacking:
        for name in trimmed.namelist():
            if name not in ("decimal.py", "numbers.py"):
                lacking.writestr(name, trimmed.read(name))
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    context.route(
        "**/python_stdlib_trimmed.zip",
        lambda route: route.fulfill(status=200, body=out.getvalue(), content_type="application/zip"),
    )
    try:
        page = context.new_page()
        page.goto(site + "may-tinh/bao-hiem-xa-hoi/?calc=bhxh&date=01/08/2026&group=poor&income=2000000")
        page.wait_for_selector("#calc-bhxh-status[data-kind=done]", timeout=90000)
        expected = run("bhxh", {"date": "2026-08-01", "group": "poor", "income": "2000000"}, book=REAL)
        assert page.locator("section.calc-result").get_attribute("data-total") == str(expected.total)
        names = [u.rsplit("/", 1)[-1] for u in requested]
        assert "python_stdlib_trimmed.zip" in names and "python_stdlib.zip" in names
    finally:
        context.close()


def test_the_first_answer_needs_only_the_trimmed_standard_library(browser: Browser, site: str) -> None:
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    try:
        page = context.new_page()
        page.goto(site + "may-tinh/bao-hiem-xa-hoi/?calc=bhxh&date=01/08/2026&group=poor&income=2000000")
        page.wait_for_selector("#calc-bhxh-status[data-kind=done]", timeout=90000)
        names = [u.rsplit("/", 1)[-1] for u in requested]
        assert "python_stdlib_trimmed.zip" in names and "python_stdlib.zip" not in names
    finally:
        context.close()
