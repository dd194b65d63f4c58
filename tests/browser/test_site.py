"""The built guide in Chromium: every page at desktop and phone width, links, instant navigation,
search without diacritics, keyboard focus and print.

Each page is opened once per width (a cached "visit"): the load, the requests it made, its
console, axe-core, its width, a screenshot, and (desktop) its print layout are recorded then,
and the tests below each check one of them. Screenshots go to $SCREENSHOT_DIR (else a
temporary folder named at the end of the run).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import Browser, BrowserContext, Page, expect

from calculators.tools.site.hooks import fold

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.slow


def _nav_files(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)


def _page_path(md: str) -> str:
    """'index.md' → '', 'bao-hiem.md' → 'bao-hiem/' (MkDocs' directory URLs)."""
    stem = md.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


with open(REPO / "mkdocs.yml", "rb") as _f:
    NAV_FILES = list(_nav_files(yaml_load(_f)["nav"]))
PAGES = [_page_path(md) for md in NAV_FILES]
WIDTHS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}


def _slug(path: str) -> str:
    return path.strip("/").replace("/", "-") or "index"


# --- one visit per page and width ----------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
    summary: (v.nodes[0] && v.nodes[0].failureSummary) || "",
  }));
}"""

# Elements sticking out past the right edge of the window, unless the part that sticks out is
# cut off by a scrolling (or clipping) ancestor: that is how a wide table must behave on a
# phone, inside its own .md-typeset__scrollwrap. (The page itself would not show a scrollbar:
# the theme sets `overflow-x: hidden` on <html>, so the width alone would hide the problem.)
OVERFLOW = """(width) => {
  const limit = width + 1;  // not innerWidth: on a phone the layout viewport grows with the page
  const shownRight = el => {  // right edge of what is actually painted, or null if nothing is
    let {left, right, top, bottom} = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a), r = a.getBoundingClientRect();
      if (s.overflowX !== "visible") { left = Math.max(left, r.left); right = Math.min(right, r.right); }
      if (s.overflowY !== "visible") { top = Math.max(top, r.top); bottom = Math.min(bottom, r.bottom); }
      if (right <= left || bottom <= top) return null;
    }
    return right;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map(c => "." + c).join("");
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= limit || !el.checkVisibility()) continue;
    const right = shownRight(el);
    if (right === null || right <= limit) continue;
    out.push(`${name(el.parentElement)} > ${name(el)} (right edge at ${Math.round(right)} px)`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, offenders: out.slice(0, 10)};
}"""

PRINT_HIDDEN = {
    "header": ".md-header",
    "header search": ".md-search",
    "navigation sidebar": ".md-sidebar--primary",
    "table of contents sidebar": ".md-sidebar--secondary",
    "footer navigation": ".md-footer",
    "back-to-top button": ".md-top",
}
PRINT_SHOWN = {
    "main content": ".md-content",
    "page title": ".md-content h1",
    "figures' date": ".md-content .figures-date",
}
PRINT_STATE = """([hidden, shown]) => {
  const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && el.getBoundingClientRect().height > 0;
  const any = sel => [...document.querySelectorAll(sel)].some(visible);
  const count = sel => document.querySelectorAll(sel).length;
  return {
    shownHidden: Object.entries(hidden).filter(([, sel]) => any(sel)).map(([k]) => k),
    missing: Object.entries(shown).filter(([, sel]) => !any(sel)).map(([k]) => k),
    tables: count(".md-content table"),
    hiddenTables: [...document.querySelectorAll(".md-content table")].filter(t => !visible(t)).length,
    splittableRows: [...document.querySelectorAll(".md-content tr")]
      .filter(tr => getComputedStyle(tr).breakInside !== "avoid").length,
  };
}"""


@dataclass
class Visit:
    url: str
    status: int | None = None
    h1: str = ""
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    overflow: dict = field(default_factory=dict)
    screenshot: Path | None = None
    printed: dict | None = None


@pytest.fixture(scope="session")
def contexts(browser: Browser, browser_context_args: dict) -> Iterator[dict[str, BrowserContext]]:
    made = {name: browser.new_context(**{**browser_context_args, **args}) for name, args in WIDTHS.items()}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="session")
def visit(
    contexts: dict[str, BrowserContext], site: str, screenshot_dir: Path
) -> Callable[[str, str], Visit]:
    """visit(path, width): open the page once at that width and record everything checked below."""
    done: dict[tuple[str, str], Visit] = {}

    def run(path: str, width: str) -> Visit:
        if (path, width) in done:
            return done[(path, width)]
        context = contexts[width]
        seen = Visit(url=site + path)
        done[(path, width)] = seen

        def on_console(message: Any) -> None:
            if message.type == "error":
                seen.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

        def on_request(request: Any) -> None:
            seen.requests.append(request.url)

        context.on("request", on_request)  # the context also sees the search worker's requests
        page = context.new_page()
        page.on("console", on_console)
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
        try:
            response = page.goto(seen.url, wait_until="networkidle")
            # A calculator page loads the theme's script once its calculator has started
            # (theme-after-calculator.html); on a busy machine the network can fall idle while
            # Python is still starting. The page is checked as it then stays.
            page.wait_for_function(
                "() => !document.querySelector('form.calc') || window.document$", timeout=60000
            )
            seen.status = response.status if response else None
            seen.h1 = page.locator(".md-content h1").first.inner_text()
            page.add_script_tag(path=str(AXE))
            seen.violations = page.evaluate(AXE_RUN)
            seen.overflow = page.evaluate(OVERFLOW, WIDTHS[width]["viewport"]["width"])
            seen.screenshot = screenshot_dir / f"{_slug(path)}-{width}.png"
            page.screenshot(path=seen.screenshot, full_page=True)
            if width == "desktop":
                page.emulate_media(media="print")
                seen.printed = page.evaluate(PRINT_STATE, [PRINT_HIDDEN, PRINT_SHOWN])
                page.screenshot(path=screenshot_dir / f"{_slug(path)}-print.png", full_page=True)
        except BaseException:
            del done[(path, width)]  # the next test of this page tries again and reports its own error
            raise
        finally:
            page.close()
            context.remove_listener("request", on_request)
        return seen

    return run


by_page_and_width = pytest.mark.parametrize(
    "path,width",
    [(p, w) for p in PAGES for w in WIDTHS],
    ids=[f"{_slug(p)}-{w}" for p in PAGES for w in WIDTHS],
)


@by_page_and_width
def test_page_loads(visit: Callable[[str, str], Visit], path: str, width: str) -> None:
    seen = visit(path, width)
    assert seen.status == 200, f"{seen.url} answered {seen.status}"
    assert seen.h1.strip(), f"{seen.url} has no visible title (h1)"
    assert seen.screenshot is not None and seen.screenshot.stat().st_size > 0


@by_page_and_width
def test_no_request_leaves_this_computer(visit: Callable[[str, str], Visit], path: str, width: str) -> None:
    seen = visit(path, width)
    outside = [
        u
        for u in seen.requests
        if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert not outside, f"{seen.url} asked other hosts: {outside}"


@by_page_and_width
def test_no_console_error(visit: Callable[[str, str], Visit], path: str, width: str) -> None:
    seen = visit(path, width)
    assert not seen.page_errors, f"{seen.url}: uncaught errors {seen.page_errors}"
    assert not seen.console_errors, f"{seen.url}: console errors {seen.console_errors}"


@by_page_and_width
def test_no_serious_accessibility_violation(
    visit: Callable[[str, str], Visit], path: str, width: str
) -> None:
    seen = visit(path, width)
    serious = [v for v in seen.violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n  on {', '.join(v['targets'][:8])}\n  {v['summary'][:400]}"
        for v in serious
    )
    assert not serious, f"axe-core on {seen.url} at {width} width:\n{report}"


@by_page_and_width
def test_no_horizontal_scroll(visit: Callable[[str, str], Visit], path: str, width: str) -> None:
    seen = visit(path, width)
    o, wide = seen.overflow, WIDTHS[width]["viewport"]["width"]
    assert o["scrollWidth"] <= wide + 1 and not o["offenders"], (
        f"{seen.url} at {wide} px is {o['scrollWidth']} px wide; sticking out: {o['offenders']}"
    )


@pytest.mark.parametrize("path", PAGES, ids=[_slug(p) for p in PAGES])
def test_print_shows_only_the_content(visit: Callable[[str, str], Visit], path: str) -> None:
    printed = visit(path, "desktop").printed
    assert printed is not None
    assert not printed["shownHidden"], f"printed anyway: {printed['shownHidden']}"
    assert not printed["missing"], f"missing from the printout: {printed['missing']}"
    assert printed["hiddenTables"] == 0, (
        f"{printed['hiddenTables']} of {printed['tables']} tables not printed"
    )
    assert printed["splittableRows"] == 0, f"{printed['splittableRows']} table rows may break across pages"


# --- the pages listed, and every link among them --------------------------------------------


def test_sitemap_lists_the_nav(built_site: Any) -> None:
    """Every page of the sitemap is tested here (it is in the nav), and every nav page is built."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [
        e.text or "" for e in ET.parse(built_site.root / "sitemap.xml").getroot().findall("s:url/s:loc", ns)
    ]
    assert all(loc.startswith(built_site.url) for loc in locs), locs
    assert sorted(loc.removeprefix(built_site.url) for loc in locs) == sorted(PAGES)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, str]] = []  # (attribute, line, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("id", "name") if tag in ("a", "map") else ("id",):
            if a.get(key):
                self.ids.add(a[key])  # type: ignore[arg-type]
        line = self.getpos()[0]
        if tag == "a" and a.get("href") is not None:
            self.links.append(("a href", line, a["href"] or ""))
        elif tag == "link" and a.get("href"):
            self.links.append(("link href", line, a["href"]))  # type: ignore[arg-type]
        elif tag in ("script", "img", "source") and a.get("src"):
            self.links.append((f"{tag} src", line, a["src"]))  # type: ignore[arg-type]


def _target_file(root: Path, path: str) -> Path:
    target = root / unquote(path).lstrip("/")
    if path.endswith("/") or path == "" or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(root: Path, base: str) -> list[str]:
    """Every link, stylesheet, script and image of the site at `root` (served at `base`) that
    points into the site at a file that does not exist, or at an #anchor its target lacks."""
    parsed: dict[Path, _Links] = {}

    def parse(file: Path) -> _Links:
        if file not in parsed:
            parser = _Links()
            parser.feed(file.read_text(encoding="utf-8"))
            parsed[file] = parser
        return parsed[file]

    broken: list[str] = []
    for file in sorted(root.rglob("*.html")):
        page_url = base + file.relative_to(root).as_posix().removesuffix("index.html")
        for what, line, value in parse(file).links:
            if re.match(r"^(mailto|tel|javascript|data):", value):
                continue
            absolute = urljoin(page_url, value)
            if not absolute.startswith(base):
                continue  # another site: not followed here (and never requested by the browser tests)
            parts = urlsplit(absolute)
            target = _target_file(root, parts.path.removeprefix(urlsplit(base).path))
            where = f"{file.relative_to(root)}:{line} {what}={value!r}"
            if not target.is_file():
                broken.append(f"{where}: no file {target.relative_to(root)}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in parse(target).ids
            ):
                broken.append(f"{where}: no id {unquote(parts.fragment)!r} in {target.relative_to(root)}")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site: Any) -> None:
    assert len(list(built_site.root.rglob("*.html"))) >= len(PAGES)
    broken = broken_links(built_site.root, built_site.url)
    assert not broken, "Broken internal links:\n" + "\n".join(broken)


def test_broken_links_are_found(tmp_path: Path) -> None:
    """The link check itself: a missing page, a missing anchor, a missing stylesheet."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="co">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link href="style.css"><a href="a/">ok</a> <a href="a/#co">ok</a> <a href="#top">ok</a>\n'
        '<a id="top" href="b/">no page</a> <a href="a/#khong">no anchor</a>\n'
        '<a href="https://example.org/x">elsewhere</a> <a href="mailto:x@example.org">mail</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path, "http://127.0.0.1:1/") == [
        "index.html:1 link href='style.css': no file style.css",
        "index.html:2 a href='b/': no file b/index.html",
        "index.html:2 a href='a/#khong': no id 'khong' in a/index.html",
    ]


# --- behaviour -------------------------------------------------------------------------------


@pytest.fixture
def desktop_page(page: Page) -> Page:
    page.set_viewport_size({"width": 1280, "height": 800})
    return page


def test_instant_navigation_keeps_the_page(desktop_page: Page, site: str) -> None:
    """A click in the navigation swaps the content without reloading the document."""
    page = desktop_page
    page.goto(site, wait_until="networkidle")
    page.evaluate("window.__marker = 1")
    target = _page_path(NAV_FILES[-1])
    link = page.locator(f".md-sidebar--primary a.md-nav__link[href$='{target}']").first
    link.click()
    page.wait_for_url(site + target)
    expect(page.locator(".md-content h1").first).to_be_visible()
    assert page.evaluate("window.__marker") == 1, (
        "the click reloaded the whole page (instant navigation is off)"
    )
    page.go_back()
    page.wait_for_url(site)
    assert page.evaluate("window.__marker") == 1, "going back reloaded the whole page"


EXCERPTS = """arts => arts.filter(a => !a.closest("details:not([open])")).map(a => {  // folded away
  const title = a.querySelector("h1, h2");
  return {
    excerpt: a.innerText.replace(title ? title.innerText : "", "").trim(),  // only what shows
    // matched through a folded copy of the text (the title's own copy shows as a title match)
    folded: [...a.querySelectorAll("span[hidden] mark")].some((m) => !title?.contains(m)),
  };
})"""


@dataclass
class Found:
    excerpts: list[str]  # the visible text under each result (without its title), lower case
    folded: int  # results that matched through a hidden diacritics-free copy of their text
    folded_blank: int  # ...of which showed no excerpt at all


def _search(page: Page, query: str) -> Found:
    """Type `query` into the site's search and read the results."""
    box = page.locator(".md-search__input")
    if not box.is_visible():
        page.keyboard.press("/")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    # The folded copies are in the results' HTML, but never shown.
    for span in page.locator(".md-search-result span[hidden]").all():
        assert not span.is_visible()
    articles = page.locator(".md-search-result__article").evaluate_all(EXCERPTS)
    return Found(
        excerpts=[a["excerpt"].lower() for a in articles],
        folded=sum(a["folded"] for a in articles),
        folded_blank=sum(a["folded"] and not a["excerpt"] for a in articles),
    )


@pytest.fixture
def search_page(desktop_page: Page, site: str) -> Page:
    desktop_page.goto(site, wait_until="networkidle")
    desktop_page.keyboard.press("/")
    return desktop_page


@pytest.mark.parametrize(
    "query,expected",
    [
        ("cap", "cấp"),  # found only through the folded copies: the excerpt still shows the original
        ("tro cap", "trợ cấp"),
        ("bao hiem y te", "bảo hiểm y tế"),
        ("bảo hiểm y tế", "bảo hiểm y tế"),
    ],
)
def test_search_with_or_without_diacritics(search_page: Page, query: str, expected: str) -> None:
    """A query typed without diacritics finds the pages (calculators/tools/site/hooks.py), and the
    excerpt under a result shows the page's own words, with diacritics."""
    found = _search(search_page, query)
    assert any(expected in text for text in found.excerpts), (
        f"searching {query!r}: no result's excerpt shows {expected!r}; excerpts: {[e[:120] for e in found.excerpts]}"
    )
    if fold(query) == query:  # typed without diacritics: found through the folded copies...
        assert found.folded > 0, f"searching {query!r} matched no diacritics-free copy"
        assert found.folded_blank == 0, (
            f"searching {query!r}: {found.folded_blank} results found through a folded copy show no excerpt"
        )
        shown = [e[:120] for e in found.excerpts if query in e]  # ...which stay out of sight
        assert not shown, f"the diacritics-free copy shows in results: {shown}"


@pytest.mark.parametrize(
    "query,first",
    [
        ("ho tro hang thang", "hỗ trợ hằng tháng"),
        ("boi duong", "bồi dưỡng"),
    ],
)
def test_a_query_without_diacritics_ranks_the_page_of_that_name_first(
    search_page: Page, query: str, first: str
) -> None:
    """The title's folded copy stays in the title (calculators/tools/site/hooks.py), so it weighs as a
    title: the page named by the words comes first, not a page that merely mentions them."""
    _search(search_page, query)
    titles = search_page.locator(".md-search-result__article h1").all_inner_texts()
    assert titles and first in titles[0].lower(), titles[:3]
    assert not any(query in t.lower() for t in titles), f"a folded title shows: {titles}"


def test_keyboard_focus_is_visible(desktop_page: Page, site: str) -> None:
    """Tabbing through a page, every focused element has a visible outline."""
    page = desktop_page
    page.goto(site + PAGES[1], wait_until="networkidle")
    page.evaluate("document.activeElement && document.activeElement.blur()")  # start at the top
    missing: list[str] = []
    focused = 0
    for _ in range(30):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const visible = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1;
          return {visible, name: el.tagName.toLowerCase() + "." + [...el.classList].join(".")
                  + " " + (el.getAttribute("href") || el.getAttribute("aria-label") || "")};
        }""")
        if state:
            focused += 1
            if not state["visible"]:
                missing.append(state["name"])
    assert focused >= 20, "Tab did not move the focus through the page"
    assert not missing, f"focused without a visible outline: {missing}"
