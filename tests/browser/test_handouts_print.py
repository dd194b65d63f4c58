"""The printable handouts (docs/tap-huan/to-roi-*.md) in Chromium: each prints on exactly one A4
page with nothing but the handout, its text stays readable in print, and on screen it is an
ordinary accessible page that fits a phone. Other pages keep their own print layout.

PDFs and screenshots go to $SCREENSHOT_DIR (else a temporary folder named at the end of the run).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
HANDOUTS = ["tap-huan/to-roi-quyen-loi/", "tap-huan/to-roi-tai-nan/", "tap-huan/to-roi-lien-he/"]
IDS = [p.strip("/").split("/")[-1] for p in HANDOUTS]

pytestmark = pytest.mark.slow

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""

CHROME = {
    "header": ".md-header",
    "search": ".md-search",
    "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "footer": ".md-footer",
    "back-to-top button": ".md-top",
    "print hint": ".handout-hint",
}
VISIBLE = """sels => Object.entries(sels).filter(([, sel]) => [...document.querySelectorAll(sel)].some(
  el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}) && el.getBoundingClientRect().height > 0
)).map(([name]) => name)"""

# The smallest font of the visible text in the handout, in points: the footer lines apart, and
# those lines themselves.
SMALLEST_FONT = """() => {
  const pt = el => parseFloat(getComputedStyle(el).fontSize) * 0.75;
  const texts = [...document.querySelectorAll(".handout *, .figures-date")].filter(el =>
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && el.checkVisibility());
  const small = el => el.closest(".handout-footer, .figures-date");
  return {
    text: Math.min(...texts.filter(el => !small(el)).map(pt)),
    footer: Math.min(...texts.filter(small).map(pt)),
  };
}"""


def pdf_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF (`/Type /Page`, not the `/Pages` tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def test_pdf_pages_are_counted_without_the_page_tree() -> None:
    two = b"<< /Type /Pages /Kids [3 0 R 4 0 R] >> << /Type /Page >> << /Type/Page /Parent 2 0 R >>"
    assert pdf_pages(two) == 2
    assert pdf_pages(b"<< /Type /Pages >>") == 0


@pytest.fixture(scope="module")
def desktop(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 1280, "height": 800}})
    yield context
    context.close()


@pytest.fixture(scope="module")
def phone(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    context = browser.new_context(
        **{
            **browser_context_args,
            "viewport": {"width": 360, "height": 740},
            "is_mobile": True,
            "has_touch": True,
        }
    )
    yield context
    context.close()


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("path", HANDOUTS, ids=IDS)
def test_handout_prints_on_one_a4_page(
    desktop: BrowserContext, site: str, path: str, screenshot_dir: Path
) -> None:
    page = _open(desktop, site + path)
    try:
        pdf = page.pdf(format="A4")
        (screenshot_dir / f"{path.strip('/').split('/')[-1]}.pdf").write_bytes(pdf)
        pages = pdf_pages(pdf)
        assert pages == 1, f"{path} prints on {pages} A4 pages"
    finally:
        page.close()


@pytest.mark.parametrize("path", HANDOUTS, ids=IDS)
def test_handout_print_shows_only_the_handout_in_readable_type(
    desktop: BrowserContext,
    site: str,
    path: str,
    screenshot_dir: Path,
) -> None:
    page = _open(desktop, site + path)
    try:
        assert "print hint" in page.evaluate(VISIBLE, CHROME), "on screen the trainer is told how to print"
        page.emulate_media(media="print")
        assert page.evaluate(VISIBLE, CHROME) == [], "printed anyway"
        shown = page.evaluate(
            VISIBLE,
            {
                "handout": ".handout",
                "address line": ".handout-footer",
                "figures' date": ".figures-date",
                "title": ".handout h1",
            },
        )
        assert shown == ["handout", "address line", "figures' date", "title"]
        assert page.locator(".handout-footer a").get_attribute("href") == site + path
        fonts = page.evaluate(SMALLEST_FONT)
        assert round(fonts["text"], 1) >= 10, f"printed text as small as {fonts['text']} pt"
        assert round(fonts["footer"], 1) >= 9, f"printed footer as small as {fonts['footer']} pt"
        page.screenshot(path=screenshot_dir / f"{path.strip('/').split('/')[-1]}-print.png", full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize("path", HANDOUTS, ids=IDS)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_handout_on_screen_is_accessible_and_fits(
    request: pytest.FixtureRequest,
    site: str,
    path: str,
    width: str,
    screenshot_dir: Path,
) -> None:
    page = _open(request.getfixturevalue(width), site + path)
    try:
        page.add_script_tag(path=str(AXE))
        serious = [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]
        assert not serious, f"axe-core on {path} ({width}): {serious}"
        # No sideways scrolling: neither the page nor any table inside its own scroll wrapper.
        wide = page.evaluate("""() => [document.documentElement.scrollWidth - innerWidth,
          ...[...document.querySelectorAll('.md-typeset__scrollwrap')].map(w => w.scrollWidth - w.clientWidth)]""")
        assert max(wide) <= 1, f"{path} scrolls sideways at {width} width: {wide}"
        page.screenshot(path=screenshot_dir / f"{path.strip('/').split('/')[-1]}-{width}.png", full_page=True)
    finally:
        page.close()


def test_other_pages_keep_their_print_layout(desktop: BrowserContext, site: str) -> None:
    """The handouts' print rules stay on the handouts: another page is not put on the named A4
    page and keeps guide.css's type size."""
    page = _open(desktop, site + "phan-cong/")
    try:
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.body).page") == "auto"
        table_font = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-content table')).fontSize)"
        )
        handout = _open(desktop, site + HANDOUTS[0])
        handout.emulate_media(media="print")
        assert handout.evaluate("getComputedStyle(document.body).page") == "handout"
        assert table_font < float(
            handout.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('.handout table')).fontSize)"
            )
        )
        handout.close()
    finally:
        page.close()
