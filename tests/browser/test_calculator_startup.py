"""Start-up of the in-browser calculators: only where a calculator is, and a clear message when
Pyodide cannot start (a wrong .wasm type makes it hang without any error)."""

from __future__ import annotations

import pytest
from books import REAL
from playwright.sync_api import Browser, Route

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


def test_a_stalled_start_gives_a_clear_message_and_keeps_the_page_useful(browser: Browser, site: str) -> None:
    context = browser.new_context()
    context.add_init_script("window.__calcStartDeadlineMs = 3000;")
    stalled: list[Route] = []
    # The WebAssembly file never arrives, as with a server that sends the wrong type.
    context.route("**/pyodide.asm.wasm", lambda route: stalled.append(route))
    page = context.new_page()
    page.goto(site + "may-tinh/ho-tro-hang-thang/")
    status = page.locator(".calc-status")
    page.wait_for_function("document.querySelector('.calc-status').dataset.kind === 'error'", timeout=20000)
    text = status.inner_text()
    assert "Không tải được bộ tính toán" in text and "tải lại trang" in text
    # The explanation and the form are still there; what the user typed is not lost.
    page.fill("#calc-monthly-date", "15/08/2024")
    assert page.input_value("#calc-monthly-date") == "15/08/2024"
    assert "Giải thích đầy đủ" in page.inner_text("article")
    for route in stalled:
        route.abort()
    context.close()


# Records every Web Worker the page creates, and when, before any page script runs.
_WORKER_LOG = """
window.__workers = [];
const Native = window.Worker;
window.Worker = class extends Native {
  constructor(url, options) {
    super(url, options);
    window.__workers.push({ url: String(url), at: performance.now(), parsing: document.readyState === "loading" });
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
