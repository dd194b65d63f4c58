"""Questions asked while the engine starts, fails or recovers (docs/assets/js/calculators.js):
the result on screen always answers the form on screen, the latest question wins, a question
a failed start left unanswered is asked again once (and only if still wanted), and a failed
start's message and retry button go once the engine is ready, wherever the reader was then.

The engine's WebAssembly is held back (a route that answers only when told), so that every
step happens while the engine is known not to be ready. Start-up itself (progress, stalls,
retries): tests/browser/test_calculator_startup.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from books import REAL
from playwright.sync_api import Browser, BrowserContext, Page, Route

from calculators import run

pytestmark = pytest.mark.slow

# A what-if: only the engine answers it (choices alone are answered from the build's answers).
LINK = (
    "may-tinh/ho-tro-hang-thang/?calc=monthly&date=15/08/2024&role=to_truong&training=none"
    "&assume.title_extra_to_truong=111111"
)
LINK_ANSWERS = {"date": "15/08/2024", "role": "to_truong", "training": "none"}
LINK_ASSUME = {"title_extra_to_truong": "111111"}
STATUS = "#calc-monthly-status"
RESULT = "section.calc-result"
# The page's start watch, shortened so that a held start fails quickly.
STALL_MS = 2000
# Every "compute" the page sends the worker, and every text of the form's status, in order.
LOG = """
window.__computes = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message?.type === "compute") window.__computes.push(message.answers + message.assume);
  return post.call(this, message, ...rest);
};
window.__statusTexts = [];
new MutationObserver(() => {
  const status = document.querySelector(".calc-status");
  if (status && window.__statusTexts.at(-1) !== status.textContent) window.__statusTexts.push(status.textContent);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def total(answers: dict[str, str], assume: dict[str, str] | None = None) -> str:
    return str(run("monthly", answers, assume or {}, book=REAL).total)


class HeldStart:
    """A tab whose engine cannot start until `release()`; when `fails`, the page's start watch
    gives it up first (STALL_MS without a byte)."""

    def __init__(self, browser: Browser, site: str, fails: bool) -> None:
        self.site = site
        self.context: BrowserContext = browser.new_context()
        self.context.add_init_script(LOG + (f"window.__calcStallMs = {STALL_MS};" if fails else ""))
        self.held: list[Route] = []
        self.context.route("**/pyodide.asm.wasm", lambda route: self.held.append(route))
        self.page: Page = self.context.new_page()

    def open(self, path: str, until: str) -> Page:
        self.page.goto(self.site + path)
        self.page.wait_for_selector(until, timeout=30_000)
        return self.page

    def release(self) -> None:
        """Lets the engine start, and waits until it is ready."""
        for _ in range(100):  # the page has asked for the WebAssembly
            if self.held:
                break
            self.page.wait_for_timeout(100)
        assert self.held, "the engine's WebAssembly was asked for"
        for route in self.held:
            route.continue_()
        self.page.wait_for_function("document.documentElement.dataset.calcEngine", timeout=90_000)

    def settled(self, status: str = STATUS) -> list[str]:
        """The statuses seen, once no answer is on its way (one asked again by itself, rightly
        or not, would have begun within the pause)."""
        idle = f"document.querySelector('{status}').dataset.kind !== 'busy'"
        self.page.wait_for_function(idle, timeout=90_000)
        self.page.wait_for_timeout(500)
        self.page.wait_for_function(idle, timeout=90_000)
        return self.page.evaluate("window.__statusTexts")

    def computes(self) -> list[str]:
        return self.page.evaluate("window.__computes")


@pytest.fixture
def held(browser: Browser, site: str) -> Iterator[Callable[[bool], HeldStart]]:
    made: list[HeldStart] = []

    def make(fails: bool) -> HeldStart:
        made.append(HeldStart(browser, site, fails))
        return made[-1]

    yield make
    for start in made:
        start.context.close()


def shown_total(page: Page) -> str | None:
    return page.locator(RESULT).first.get_attribute("data-total") if page.is_visible(RESULT) else None


def test_a_link_changed_while_its_start_fails_is_not_answered_after_the_recovery(held) -> None:
    """The reader changes a link's form while the engine loads; the start then fails and later
    recovers: the link's question, no longer the one on screen, is not answered."""
    start = held(True)
    page = start.open(LINK, f"{STATUS}[data-kind=busy]")
    page.check("#calc-monthly-training-trung_cap")
    page.wait_for_selector(f"{STATUS}[data-kind=error]", timeout=30_000)
    start.release()
    start.settled()
    assert page.get_attribute(STATUS, "data-kind") == "ready"
    assert shown_total(page) is None
    assert page.is_checked("#calc-monthly-training-trung_cap"), "nothing typed is lost"


def test_an_older_question_never_draws_over_a_newer_answer(held) -> None:
    """A link waits for the engine; meanwhile the reader changes a choice and asks ("Tính"),
    which the build's answers answer at once. The link's answer, when it comes, is not drawn."""
    start = held(False)
    page = start.open(LINK, f"{STATUS}[data-kind=busy]")
    page.check("#calc-monthly-training-trung_cap")
    page.click(".calc-submit")
    page.wait_for_selector(f"{STATUS}[data-kind=done]", timeout=20_000)
    mine = total({**LINK_ANSWERS, "training": "trung_cap"})
    assert shown_total(page) == mine
    start.release()
    start.settled()
    assert len(start.computes()) == 1, "the link's question did reach the engine"
    assert shown_total(page) == mine
    assert "training=trung_cap" in page.url


def test_a_question_overtaken_before_its_start_failed_is_not_asked_again(held) -> None:
    """A link waits for the engine; the reader asks again ("Tính", the same choices, answered at
    once from the build's answers); then the start fails and recovers: the reader's answer
    stays, and the link's older question is not asked again."""
    start = held(True)
    page = start.open(LINK, f"{STATUS}[data-kind=busy]")
    page.click(".calc-submit")
    page.wait_for_selector(f"{STATUS}[data-kind=done]", timeout=20_000)
    page.wait_for_selector(f"{STATUS}[data-kind=error]", timeout=30_000)
    start.release()
    start.settled()
    assert shown_total(page) == total(LINK_ANSWERS)
    assert len(start.computes()) == 1, "the link's question, once"


def test_an_input_message_given_before_the_engine_is_ready_stays_once_it_is(held) -> None:
    """A question of choices answered at build time with an input message ("enter the assessed
    rate"), asked while the engine still loads: the engine's "ready" later does not cover the
    message with "Sẵn sàng" (only a failed start's message gives way to that)."""
    start = held(False)
    page = start.open("may-tinh/om-dau-tai-nan/", "#calc-incident-status[data-kind=busy]")
    page.fill("#calc-incident-date", "15/08/2024")
    page.check("#calc-incident-kind-lost_capacity")
    page.check("#calc-incident-health_insurance-insured")
    page.check("#calc-incident-social_insurance-insured")
    page.click(".calc-submit")
    page.wait_for_selector("#calc-incident-status[data-kind=error]", timeout=20_000)
    asked = page.inner_text("#calc-incident-status")
    assert "cần sửa" in asked, asked
    start.release()
    assert start.settled("#calc-incident-status")[-1] == asked
    assert page.get_attribute("#calc-incident-status", "data-kind") == "error"
    assert page.is_visible("#calc-incident-lost_capacity-error")
    assert page.input_value("#calc-incident-date") == "15/08/2024", "nothing typed is lost"


def test_a_late_recovery_keeps_the_readers_answer_and_removes_the_retry_button(held) -> None:
    """The start fails; the reader then asks a question of choices (answered at once from the
    build's answers). When the engine recovers after all, that answer stays, the link's older
    question is not asked again, and the retry button and the waiting hint go away."""
    start = held(True)
    page = start.open(LINK, f"{STATUS}[data-kind=error]")
    assert page.is_visible(".calc-retry")
    page.check("#calc-monthly-training-trung_cap")
    page.click(".calc-submit")
    page.wait_for_selector(f"{STATUS}[data-kind=done]", timeout=20_000)
    mine = shown_total(page)
    start.release()
    start.settled()
    assert shown_total(page) == mine == total({**LINK_ANSWERS, "training": "trung_cap"})
    assert start.computes() == [start.computes()[0]], "asked once: the link, before the failure"
    assert not page.is_visible(".calc-retry")
    assert not page.is_visible(".calc-while")


def test_after_a_retry_the_question_asked_again_is_computed_once(browser: Browser, site: str) -> None:
    """A typed question fails with the start; the reader retries and at once asks it again:
    it is computed once, not once more for the failed one."""
    context = browser.new_context()
    context.add_init_script(LOG)
    broken = lambda route: route.fulfill(status=200, body=b"\x00asm broken", content_type="application/wasm")  # noqa: E731
    context.route("**/pyodide.asm.wasm", broken)
    try:
        page = context.new_page()
        page.goto(site + "may-tinh/bao-hiem-xa-hoi/")
        page.fill("#calc-bhxh-date", "15/08/2024")
        page.check("#calc-bhxh-group-poor")
        page.fill("#calc-bhxh-income", "2000000")
        page.click(".calc-submit")
        page.wait_for_selector("#calc-bhxh-status[data-kind=error]", timeout=30_000)
        context.unroute("**/pyodide.asm.wasm", broken)
        page.evaluate("window.__computes = []")
        page.click(".calc-retry")
        page.click(".calc-submit")
        page.wait_for_function("document.documentElement.dataset.calcEngine", timeout=90_000)
        page.wait_for_selector("#calc-bhxh-status[data-kind=done]", timeout=90_000)
        page.wait_for_timeout(500)  # a second answer would have been asked by now
        bhxh = run("bhxh", {"date": "15/08/2024", "group": "poor", "income": "2000000"}, book=REAL)
        assert shown_total(page) == str(bhxh.total)
        assert len(page.evaluate("window.__computes")) == 1
    finally:
        context.close()


def leave_for_another_calculator(page: Page) -> None:
    """Instant navigation (the theme's script) from the monthly page to the bhxh one."""
    page.keyboard.press("Shift")  # the theme's script loads at the reader's first key
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=30_000)
    page.evaluate("window.__marker = 1")
    page.locator(".md-sidebar--primary a.md-nav__link[href$='bao-hiem-xa-hoi/']").first.click()
    page.wait_for_url("**/bao-hiem-xa-hoi/")
    page.wait_for_selector("#calc-bhxh-status")


def come_back(page: Page) -> None:
    page.go_back()
    page.wait_for_selector(STATUS)
    assert page.evaluate("window.__marker") == 1, "instant navigation, not a new page"


def test_back_to_a_form_whose_start_failed_after_the_engine_recovered_elsewhere(held) -> None:
    """A link's start fails; the reader goes to another calculator, where the engine recovers;
    Back: the link's form no longer says the start failed, and its question is answered."""
    start = held(True)
    page = start.open(LINK, f"{STATUS}[data-kind=error]")
    leave_for_another_calculator(page)
    start.release()
    come_back(page)
    start.settled()
    assert page.get_attribute(STATUS, "data-kind") == "done"
    assert shown_total(page) == total(LINK_ANSWERS, LINK_ASSUME)
    assert not page.is_visible(".calc-retry")


def test_an_answer_that_comes_while_the_reader_is_on_another_page(held) -> None:
    """A link's answer comes after the reader left for another calculator: that page's address
    and layout are untouched, and Back shows the answer with its status."""
    start = held(False)
    errors: list[str] = []
    start.page.on("pageerror", lambda error: errors.append(f"{error} {error.stack}"))
    page = start.open(LINK, f"{STATUS}[data-kind=busy]")
    leave_for_another_calculator(page)
    start.release()
    page.wait_for_function("window.__calcLastComputeMs !== undefined", timeout=90_000)
    assert "calc=" not in page.url
    assert not page.evaluate("document.body.classList.contains('calc-has-result')")
    come_back(page)
    assert page.get_attribute(STATUS, "data-kind") == "done"
    assert shown_total(page) == total(LINK_ANSWERS, LINK_ASSUME)
    assert errors == []
