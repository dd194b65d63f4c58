"""What the reader typed and saw in a calculator stays put: when an error-summary link is
followed, when a link within the page is followed, on Back after leaving the page, and the
result is shown from its heading after "Tính".

mkdocs-material 9.8's instant navigation swaps in a fresh copy of a page on the first link
within the page (or the first Back) after a full load; docs/assets/js/calculators.js puts the
calculator's own elements back in place of the copy."""

from __future__ import annotations

import pytest
from books import REAL
from playwright.sync_api import Browser, Page

from calculators import run

# The total the link's answers give with rates.yaml, computed by the same Python.
TO_VIEN_TOTAL = str(
    run("monthly", {"date": "15/08/2024", "role": "to_vien", "training": "none"}, book=REAL).total
)

pytestmark = pytest.mark.slow

READY = "#calc-{name}-status[data-kind=ready]"
START_MS = 90_000


def fresh(browser: Browser, site: str, path: str, until: str, theme: bool = False, **context_args) -> Page:
    """A full load of `path` in a new context, once `until` shows (and the theme's script has
    run, if `theme`: instant navigation is what could lose the answers)."""
    context = browser.new_context(**context_args)
    page = context.new_page()
    page.goto(site + path)
    page.wait_for_selector(until, timeout=START_MS)
    if theme:
        page.wait_for_function("document.documentElement.classList.contains('js')", timeout=START_MS)
    return page


def test_an_error_summary_link_moves_focus_and_loses_nothing(browser: Browser, site: str) -> None:
    page = fresh(browser, site, "may-tinh/bao-hiem-xa-hoi/", READY.format(name="bhxh"), theme=True)
    page.fill("#calc-bhxh-date", "15/08/2024")
    page.fill("#calc-bhxh-income", "abc")
    page.click("#calc-bhxh button[type=submit]")
    page.wait_for_selector("#calc-bhxh-summary:not([hidden])")
    page.evaluate("document.querySelector('#calc-bhxh').dataset.marker = 'same form'")
    page.locator("#calc-bhxh-summary a").first.click()
    page.wait_for_timeout(1000)  # time for a page swap, if one were to come
    assert page.evaluate("document.activeElement.id") == "calc-bhxh-income"
    # The whole question shows, not only its box: its label is below the theme's header.
    label_top = page.evaluate(
        "document.querySelector('label[for=calc-bhxh-income]').getBoundingClientRect().top"
    )
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert label_top >= header, (label_top, header)
    assert page.get_attribute("#calc-bhxh", "data-marker") == "same form"
    assert page.input_value("#calc-bhxh-date") == "15/08/2024"
    assert page.input_value("#calc-bhxh-income") == "abc"
    assert page.is_visible("#calc-bhxh-summary")
    page.context.close()


def test_a_link_within_the_page_keeps_the_answers_and_the_result(browser: Browser, site: str) -> None:
    link = "may-tinh/ho-tro-hang-thang/?calc=monthly&date=15/08/2024&role=to_vien&training=none"
    page = fresh(browser, site, link, "#calc-monthly-result[data-total]", theme=True)
    page.fill("#calc-monthly-date", "01/09/2026")  # typed, not yet computed
    page.locator("article a.headerlink").last.click(force=True)
    page.wait_for_timeout(1000)
    assert page.input_value("#calc-monthly-date") == "01/09/2026"
    assert page.get_attribute("#calc-monthly-result", "data-total") == TO_VIEN_TOTAL
    assert page.is_visible("#calc-monthly-result")
    # The form still computes (it is the bound one, not a copy without listeners).
    page.click("#calc-monthly button[type=submit]")
    page.wait_for_function(
        "document.querySelector('#calc-monthly-result').dataset.total !== '" + TO_VIEN_TOTAL + "'"
    )
    page.context.close()


def test_back_to_a_calculator_brings_back_what_was_typed(browser: Browser, site: str) -> None:
    page = fresh(browser, site, "may-tinh/boi-duong/", READY.format(name="duty"), theme=True)
    page.fill("#calc-duty-date", "15/08/2024")
    page.fill("#calc-duty-night_shifts", "4")
    page.evaluate("window.__marker = 1")
    page.locator(".md-sidebar--primary a.md-nav__link[href$='thuat-ngu/']").first.click()
    page.wait_for_url(site + "thuat-ngu/")
    page.go_back()
    page.wait_for_selector("#calc-duty-night_shifts")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__marker") == 1, "Back reloaded the whole page"
    assert page.input_value("#calc-duty-date") == "15/08/2024"
    assert page.input_value("#calc-duty-night_shifts") == "4"
    page.context.close()


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 800)])
def test_the_result_is_shown_from_its_heading(browser: Browser, site: str, width: int, height: int) -> None:
    viewport = {"width": width, "height": height}
    page = fresh(browser, site, "may-tinh/quy-mo-to/", READY.format(name="team"), viewport=viewport)
    page.fill("#calc-team-date", "15/08/2025")
    page.fill("#calc-team-households", "820")
    page.click("#calc-team button[type=submit]")
    page.wait_for_selector("#calc-team-result[data-total]", state="visible")
    page.wait_for_timeout(300)
    top = page.evaluate("document.querySelector('#calc-team-result').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= top <= header + 60, (top, header)
    assert page.evaluate("document.activeElement.id") == "calc-team-result"
    page.context.close()


def test_the_address_of_a_result_is_readable_and_opens_at_the_result(browser: Browser, site: str) -> None:
    phone = {"width": 360, "height": 740}
    page = fresh(browser, site, "may-tinh/ho-tro-hang-thang/", READY.format(name="monthly"), viewport=phone)
    page.fill("#calc-monthly-date", "15/08/2024")
    page.check("#calc-monthly-role-to_vien")
    page.check("#calc-monthly-training-none")
    page.click("#calc-monthly button[type=submit]")
    page.wait_for_selector("#calc-monthly-result[data-total]", state="visible")
    link = page.url
    assert link.endswith("?calc=monthly&date=15/08/2024&role=to_vien&training=none#calc-monthly-result"), link
    other = page.context.new_page()
    other.goto(link)
    other.wait_for_selector("#calc-monthly-result[data-total]", state="visible", timeout=START_MS)
    other.wait_for_timeout(300)
    top = other.evaluate("document.querySelector('#calc-monthly-result').getBoundingClientRect().top")
    assert 0 <= top <= 150, top
    page.context.close()
