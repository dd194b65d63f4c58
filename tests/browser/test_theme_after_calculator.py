"""On a page with a calculator the theme's script loads after the calculator's first answer, or
at the reader's first action (docs/_theme/partials/theme-after-calculator.html), and the theme
then works as on any other page: search, instant navigation, our accessibility fixes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from books import REAL
from playwright.sync_api import Browser, Route

from calculators import run
from calculators.tools.site.theme_scripts import ThemeScriptNotFound, theme_bundle_tag

pytestmark = pytest.mark.slow

ANSWERS = {"date": "15/08/2024", "role": "to_vien", "training": "none"}
CALC_LINK = "may-tinh/ho-tro-hang-thang/?calc=monthly&" + "&".join(f"{k}={v}" for k, v in ANSWERS.items())
BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")

# Before any page script: when the calculator said it had settled, what the page looked like
# then, and whether the theme had set the page up by DOMContentLoaded.
_WATCH = """
window.__seen = {};
document.addEventListener("calculator:settled", () => {
  window.__seen.settledAt ??= performance.now();
  window.__seen.resultThen ??= document.querySelector("section.calc-result")?.dataset.total ?? null;
  window.__seen.themeThen ??= document.documentElement.classList.contains("js");
}, { capture: true });
document.addEventListener("DOMContentLoaded", () => {
  window.__seen.themeAtDomContentLoaded ??= document.documentElement.classList.contains("js");
}, { capture: true, once: true });
"""


# When the theme's script had loaded (the partial sends "theme:loaded" once it has run).
_THEME_CLOCK = """
document.addEventListener("theme:loaded", () => { window.__themeLoadedAt = performance.now(); });
"""


def wait_for_theme_search(page, timeout: int) -> None:
    """Wait until the theme's search can be opened. 125 ms after it starts, the theme closes
    the search and the drawer, as after any navigation (mkdocs-material's bundle:
    `merge(location$, target$).pipe(delay(125))`), so a "/" pressed before then opens the
    search only to have it closed. No reader is that fast after an unseen event; a test is.
    (Timers run in the order they are due: once this one has waited 500 ms, that one has run.)"""
    page.wait_for_function(
        "window.__themeLoadedAt !== undefined && performance.now() > window.__themeLoadedAt + 500",
        timeout=timeout,
    )


def bundle_requested_at(page) -> float | None:
    return page.evaluate("""() => {
      const entry = performance.getEntriesByType("resource").find((e) => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(e.name));
      return entry ? entry.startTime : null;
    }""")


def test_the_theme_script_waits_for_the_first_answer_then_works(browser: Browser, site: str) -> None:
    context = browser.new_context()
    context.add_init_script(_WATCH)
    context.add_init_script(_THEME_CLOCK)
    page = context.new_page()
    page.goto(site + CALC_LINK)
    page.wait_for_selector("section.calc-result[data-total]", state="visible", timeout=90000)
    wait_for_theme_search(page, timeout=20000)
    seen = page.evaluate("window.__seen")
    assert seen["themeAtDomContentLoaded"] is False, "the theme's script ran before the calculator answered"
    assert seen["resultThen"] == str(run("monthly", ANSWERS, book=REAL).total), seen
    assert seen["themeThen"] is False, seen
    requested = bundle_requested_at(page)
    assert requested is not None and requested >= seen["settledAt"], (requested, seen)

    # The theme's features and our fixes work after a late start.
    assert page.get_attribute(".md-search[role=dialog]", "aria-label") == "Tìm kiếm", "guide.js did not run"
    page.keyboard.press("/")  # the theme's shortcut to the search field
    page.keyboard.type("boi duong")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    page.keyboard.press("Escape")
    page.evaluate("window.__marker = 1")
    page.locator(".md-sidebar--primary a.md-nav__link[href$='may-tinh/boi-duong/']").first.click()
    page.wait_for_url(site + "may-tinh/boi-duong/")
    page.wait_for_selector("#calc-duty-status[data-kind=ready]", timeout=20000)
    assert page.evaluate("window.__marker") == 1, "instant navigation did not work: the page reloaded"
    context.close()


@pytest.mark.parametrize("action", ["Tab", "click"])
def test_a_readers_action_loads_the_theme_at_once(browser: Browser, site: str, action: str) -> None:
    """While Python is still starting (here it never does), a key or a click loads the theme."""
    context = browser.new_context()
    stalled: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: stalled.append(route))
    context.add_init_script(_THEME_CLOCK)
    page = context.new_page()
    page.goto(site + "may-tinh/ho-tro-hang-thang/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert not page.evaluate("document.documentElement.classList.contains('js')")
    assert bundle_requested_at(page) is None
    if action == "Tab":
        page.keyboard.press("Tab")
    else:
        page.locator("article h1").click(position={"x": 2, "y": 2})
    wait_for_theme_search(page, timeout=10000)
    assert page.locator(".calc-status").get_attribute("data-kind") == "busy"
    page.keyboard.press("/")
    page.keyboard.type("bao hiem")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    for route in stalled:
        route.abort()
    context.close()


def test_a_page_without_a_calculator_loads_the_theme_as_usual(browser: Browser, site: str) -> None:
    context = browser.new_context()
    context.add_init_script(_WATCH)
    page = context.new_page()
    page.goto(site + "thuat-ngu/")
    assert page.evaluate("window.__seen.themeAtDomContentLoaded") is True
    context.close()


def test_built_pages_carry_the_theme_script_as_intended(site_dir: Path) -> None:
    calculator = (site_dir / "may-tinh/ho-tro-hang-thang/index.html").read_text(encoding="utf-8")
    guide = (site_dir / "thuat-ngu/index.html").read_text(encoding="utf-8")
    _, src = theme_bundle_tag(guide)  # ../assets/javascripts/bundle.<hash>.min.js
    assert (site_dir / "thuat-ngu" / src).resolve().is_file()
    bundle = "../" + src  # the calculator page is one folder deeper
    assert f'<script src="{bundle}"></script>' not in calculator, (
        "the calculator page still loads the theme's script while it parses"
    )
    assert f'const scripts = ["{bundle}", "../../assets/javascripts/guide.js"];' in calculator
    assert 'src="../../assets/javascripts/guide.js"' not in calculator


@pytest.mark.parametrize(
    "block",
    [
        '<script src="x.js"></script>',
        '<script src="a/assets/javascripts/bundle.abc123.min.js"></script>' * 2,
        '<script defer src="a/assets/javascripts/bundle.abc123.min.js"></script>',
    ],
)
def test_a_changed_theme_template_stops_the_build(block: str) -> None:
    with pytest.raises(ThemeScriptNotFound, match="mkdocs-material"):
        theme_bundle_tag(block)
