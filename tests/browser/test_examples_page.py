"""The trainers' worked examples in Chromium: each example's button opens its calculator, which
computes the same result as the page shows.

The examples page (tap-huan/vi-du/) is opened once; each button is clicked as a trainer would
(instant navigation, so Python starts once for the whole test), the calculator's own result is
compared with the example's total (or its explanation of a refused date), and the browser goes
back to the examples. Screenshots of the page at 1280 and 360 px go to $SCREENSHOT_DIR (else a
temporary folder named at the end of the run).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from books import REAL
from playwright.sync_api import Browser, Page

from calculators.registry import CALCULATORS, run
from calculators.tools.site import examples

pytestmark = pytest.mark.slow

PATH = "tap-huan/vi-du/"
START_MS = 60_000  # a cold start of Pyodide takes a few seconds; a busy machine may need more
PAGES = {name: page.removesuffix(".md") + "/" for name, page in examples.calculator_pages().items()}
EXAMPLES = examples.load(REAL)

SHOWN = """() => [...document.querySelectorAll(".worked-example")].map((block) => {
  const button = block.querySelector("a.md-button");
  const total = [...block.querySelectorAll("tr")].at(-1);
  return {
    name: block.dataset.example, calculator: block.dataset.calculator,
    total: block.dataset.total ?? null, assumed: block.dataset.assumed ?? null,
    refused: block.dataset.refused ?? null,
    totalText: total ? total.cells[1].textContent.trim() : null,
    explanation: block.querySelector("blockquote")?.textContent.trim() ?? null,
    href: button?.getAttribute("href") ?? null, button: button?.textContent.trim() ?? null,
  };
})"""

RESULT = """(name) => {
  const section = document.getElementById(`calc-${name}-result`);
  const form = document.getElementById(`calc-${name}`);
  const errors = {};
  for (const slot of form.querySelectorAll(".calc-error")) if (!slot.hidden) errors[slot.id] = slot.textContent;
  return {
    shown: section.matches("section.calc-result[data-total]") && !section.hidden,
    total: section.dataset.total ?? null, assumed: section.dataset.assumed ?? null,
    totalText: section.querySelector("tr.calc-total td")?.textContent ?? null,
    banner: !!section.querySelector(".calc-assumed-banner"),
    errors,
  };
}"""


def _open(page: Page, site: str) -> list[str]:
    """Open the examples page (pytest-playwright's `page`, with this suite's browser settings);
    the list collects uncaught errors and console errors from then on."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.set_default_timeout(20_000)
    page.goto(site + PATH)
    return problems


def _back_to_examples(page: Page, site: str) -> None:
    page.go_back()
    page.wait_for_url(re.compile(re.escape(site + PATH) + r"(#.*)?$"))
    page.wait_for_selector(".worked-example a.md-button")


def test_the_page_shows_every_marked_example(page: Page, site: str, site_dir: Path) -> None:
    problems = _open(page, site)
    shown = page.evaluate(SHOWN)
    assert [s["name"] for s in shown] == [e.name for e in EXAMPLES]
    assert {s["calculator"] for s in shown} == set(CALCULATORS)
    for s in shown:
        assert s["href"].startswith(site + PAGES[s["calculator"]] + "?calc="), s["href"]
        if s["total"] is not None:  # the engine's own wording: "ít nhất …" while parts are pending
            case = next(e for e in EXAMPLES if e.name == s["name"])
            expected = run(case.calculator, case.answers, case.assume, book=REAL, strict_assume=False)
            assert s["totalText"] == expected.total_text, s
            if s["total"] == "null":
                assert s["totalText"] == "chưa tính được", s
    # As built (the theme's instant navigation makes them absolute in the browser), the links
    # are relative, so the site works under any sub-path.
    built = (site_dir / PATH / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a class="md-button" href="([^"]+)"', built)
    assert len(hrefs) == len(EXAMPLES)
    assert all(h.startswith("../../may-tinh/") and "?calc=" in h for h in hrefs), hrefs
    assert not problems, problems


def test_each_button_opens_its_calculator_with_the_same_result(page: Page, site: str) -> None:
    """Every example: the button's page is its calculator's, which restores the answers from the
    address and shows the same total (or refuses the same date, with the same explanation)."""
    problems = _open(page, site)
    differences = []
    seen_calculators = set()
    for example in page.evaluate(SHOWN):
        name, calc = example["name"], example["calculator"]
        page.bring_to_front()
        page.locator(f'.worked-example[data-example="{name}"] a.md-button').click()
        page.wait_for_url(re.compile(re.escape(site + PAGES[calc]) + r"\?.*"))
        query = dict(parse_qsl(urlsplit(page.url).query))
        assert query.get("calc") == calc, page.url
        page.wait_for_selector(
            f"#calc-{calc}-status[data-kind=done], #calc-{calc}-status[data-kind=error]", timeout=START_MS
        )
        got: dict[str, Any] = page.evaluate(RESULT, calc)
        if example["refused"]:
            field = example["refused"]
            want = {f"calc-{calc}-{field}-error": example["explanation"]}
            if got["shown"] or got["errors"] != want:
                differences.append(f"{name}: page refuses with {want}, calculator shows {got}")
        else:
            same = (got["shown"], got["total"], got["totalText"]) == (
                True,
                example["total"],
                example["totalText"],
            )
            marked = got["assumed"] == example["assumed"] and got["banner"] == (example["assumed"] == "true")
            if not (same and marked):
                differences.append(
                    f"{name}: page shows {example['total']} ({example['totalText']}, "
                    f"assumed {example['assumed']}), calculator {got}"
                )
            seen_calculators.add(calc)
        _back_to_examples(page, site)
    assert not differences, "\n".join(differences)
    assert seen_calculators == set(CALCULATORS)
    assert not problems, problems


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshot_and_no_sideways_scroll(
    browser: Browser, browser_context_args: dict, site: str, screenshot_dir: Path, width: int
) -> None:
    phone = width < 600
    context = browser.new_context(
        **{
            **browser_context_args,
            "viewport": {"width": width, "height": 800},
            "is_mobile": phone,
            "has_touch": phone,
        }
    )
    try:
        shot = context.new_page()
        shot.goto(site + PATH, wait_until="networkidle")
        assert shot.evaluate("document.documentElement.scrollWidth") <= width
        wide = shot.evaluate(
            """(width) => [...document.querySelectorAll('.worked-example *')]
            .filter((el) => el.getBoundingClientRect().right > width + 1
                    && !el.closest('.md-typeset__scrollwrap')).map((el) => el.tagName).slice(0, 5)""",
            width,
        )
        assert not wide, f"parts of the examples stick out at {width} px: {wide}"
        shot.screenshot(path=screenshot_dir / f"tap-huan-vi-du-examples-{width}.png", full_page=True)
    finally:
        context.close()
