"""The six calculators in the browser: the built site in Chromium, Python (Pyodide) in a worker.

Every amount the page shows is checked against `calculators.run` in CPython for the same answers
as typed. Pyodide needs a few seconds to start in each new page, so each calculator gets one
page for the whole module (`tabs`) and the tests fill and submit it again and again; a new page
is opened only where that is the point (a shared link, a link carrying markup). Going to
another page of the site uses instant navigation, which keeps the worker.

Screenshots (each calculator with a result at 1280 and 360 px, with errors at 360 px) go to
$SCREENSHOT_DIR, else a temporary folder named at the end of the run.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from books import REAL
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_golden import CASES

from calculators import InputError, Result, run, text
from calculators.browser import pending_details
from calculators.fields import CHOICE
from calculators.rates.units import form
from calculators.registry import CALCULATORS
from calculators.rules.bhxh import income_limits
from calculators.tools.site.forms import first_day

BOOK = REAL

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.slow

START_MS = 60_000  # a cold start of Pyodide takes a few seconds; a busy machine may need more


def _pages() -> dict[str, str]:
    """Calculator name → path of its own page (docs/may-tinh/*.md writes {{ calculator("NAME") }})."""
    found = {}
    for md in sorted((REPO / "docs" / "may-tinh").glob("*.md")):
        m = re.search(r'\{\{\s*calculator\("(\w+)"\)\s*\}\}', md.read_text(encoding="utf-8"))
        if m:
            found[m.group(1)] = f"may-tinh/{md.stem}/"
    return found


PAGES = _pages()
# The calculators whose questions are single fields. A list of rows (the budget's ấp) is
# typed, pasted and uploaded differently: tests/browser/test_budget.py covers it.
NAMES = [n for n, c in CALCULATORS.items() if not any(f.reader for f in c.fields)]
OTHER_PAGE = "hoi-dap/"  # a guide page without a calculator

# Good answers, as a person would type or choose them. Each leaves at least one figure pending,
# so the pending list and the what-if are exercised for every calculator.
GOOD: dict[str, dict[str, str]] = {
    "monthly": {"date": "15/08/2024", "role": "to_truong", "training": "trung_cap"},
    "duty": {
        "date": "15/08/2024",
        "training_days": "2",
        "night_shifts": "3",
        "rest_days": "1",
        "heavy_tasks": "2",
        "hard_area_days": "5",
    },
    "bhxh": {"date": "15/08/2024", "income": "2.000.000", "group": "poor"},
    "bhyt": {"date": "15/08/2024", "position": "2"},
    "incident": {
        "date": "15/08/2024",
        "kind": "lost_capacity",
        "health_insurance": "not_insured",
        "social_insurance": "not_insured",
        "medical_costs": "2.000.000",
        "inpatient_days": "5",
        "lost_capacity": "35",
    },
    "team": {"date": "15/08/2024", "households": "820", "teams": "2", "months": "12"},
}


def _from_golden(name: str) -> dict[str, str]:
    """Good answers for a calculator not listed above: its first golden case with a result."""
    case = next(c for f, c in CASES if f == name and "expected" in c)
    answers = {k: str(v) for k, v in case["inputs"].items()}
    answers["date"] = (
        _day(dt.date.fromisoformat(answers["date"])) if "-" in answers["date"] else answers["date"]
    )
    return answers


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


GOOD.update({name: _from_golden(name) for name in NAMES if name not in GOOD})
LIMITS = income_limits(BOOK, dt.date(2024, 8, 15))  # bhxh's income basis on GOOD's date


def _what_if(name: str) -> dict[str, str]:
    """Values for every figure the good answers leave pending (illustrative, in each figure's
    first form, as a reader types them): enough to make their components assumed. Empty once
    the rates have no pending figure for these answers."""
    result = run(name, GOOD[name], book=BOOK, strict_assume=False)
    typed = {}
    for pid in result.pending:
        shape = form(BOOK.parameter(pid).unit)
        typed[pid] = "500.000" if shape.kind == "money" else "10" if shape.is_percent else "0,5"
    return typed


# What-if: values for pending figures (in their own units), enough to make one component assumed.
WHAT_IF: dict[str, dict[str, str]] = {name: _what_if(name) for name in GOOD}


# Bad answers: (what is wrong, the answers changed from GOOD, the fields that must be flagged).
# None leaves a choice unanswered (only possible on a fresh form: a radio cannot be unchosen).
# The dates around the covered range and the resolution's first day come from the rates.
DATE_CASES = [
    ("empty date", {"date": ""}, {"date"}),
    ("impossible date", {"date": "2024-02-30"}, {"date"}),
    ("impossible date d/m/y", {"date": "30/02/2024"}, {"date"}),
    (
        "date after the covered range",
        {"date": _day(BOOK.meta.covered_until + dt.timedelta(days=1))},
        {"date"},
    ),
    (
        "date before the covered range",
        {"date": _day(BOOK.meta.covered_from - dt.timedelta(days=1))},
        {"date"},
    ),
    (
        "date before the resolution",
        {"date": _day(min(first_day(BOOK, n) for n in GOOD) - dt.timedelta(days=1))},
        {"date"},
    ),
]
BAD: dict[str, list[tuple[str, dict[str, str | None], set[str]]]] = {
    "monthly": [
        ("no choice made", {"role": None, "training": None}, {"role", "training"}),
    ],
    "duty": [
        ("words for a number", {"night_shifts": "ba"}, {"night_shifts"}),
        ("negative number", {"rest_days": "-1"}, {"rest_days"}),
        ("fraction", {"heavy_tasks": "1,5"}, {"heavy_tasks"}),
        ("too many", {"training_days": "1001"}, {"training_days"}),
        (
            "several at once",
            {"night_shifts": "ba", "hard_area_days": "-2"},
            {"night_shifts", "hard_area_days"},
        ),
    ],
    "bhxh": [
        ("no group chosen", {"group": None}, {"group"}),
        ("words for money", {"income": "hai triệu"}, {"income"}),
        ("negative income", {"income": "-5"}, {"income"}),
        ("income below the floor", {"income": text.integer(LIMITS[0] - 1)}, {"income"}),
        ("income above the ceiling", {"income": text.integer(LIMITS[1] + 1)}, {"income"}),
    ],
    "bhyt": [
        ("empty position", {"position": ""}, {"position"}),
        ("words for a number", {"position": "hai"}, {"position"}),
        ("negative position", {"position": "-1"}, {"position"}),
        ("position 0", {"position": "0"}, {"position"}),
    ],
    "incident": [
        ("no kind chosen", {"kind": None}, {"kind"}),
        ("words for money", {"medical_costs": "hai triệu"}, {"medical_costs"}),
        ("negative costs", {"medical_costs": "-100000"}, {"medical_costs"}),
        ("negative days", {"inpatient_days": "-2"}, {"inpatient_days"}),
        ("lost capacity 0", {"lost_capacity": "0"}, {"lost_capacity"}),
        ("lost capacity missing", {"lost_capacity": ""}, {"lost_capacity"}),
    ],
    "team": [
        ("empty households", {"households": ""}, {"households"}),
        ("households 0", {"households": "0"}, {"households"}),
        ("words for a number", {"households": "tám trăm"}, {"households"}),
        ("negative teams", {"teams": "-1"}, {"teams"}),
        ("months 0", {"months": "0"}, {"months"}),
    ],
}
VIETNAMESE = re.compile(  # a letter only Vietnamese writes: the message is not English or a code
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I
)


def _choices(name: str) -> set[str]:
    return {f.name for f in CALCULATORS[name].fields if f.kind == CHOICE}


def _keys(name: str, fname: str) -> list[str]:
    """The choice keys of a radio field (none for a text box)."""
    return list(BOOK.choices(fname)) if fname in _choices(name) else []


def _control_id(name: str, fname: str) -> str:
    """The id of a field's text box, or of its first radio."""
    keys = _keys(name, fname)
    return f"calc-{name}-{fname}-{keys[0]}" if keys else f"calc-{name}-{fname}"


def cpython(
    name: str, answers: dict[str, str], assume: dict[str, str] | None = None
) -> Result | dict[str, str]:
    """What CPython computes for the same answers, the way the browser form asks (an assumed
    value that the situation does not use is ignored): a Result, or the errors by field."""
    try:
        return run(name, answers, assume or {}, strict_assume=False, book=BOOK)
    except InputError as exc:
        return exc.errors


def _as_sent(answers: dict[str, str | None]) -> dict[str, str]:
    """The answers as the page sends them (an unchosen radio is '')."""
    return {k: v or "" for k, v in answers.items()}


# --- reading the page ----------------------------------------------------------------------

STATE = """(name) => {
  const form = document.getElementById(`calc-${name}`);
  const visible = (el) => el.checkVisibility() && el.getBoundingClientRect().height > 0;
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.name.startsWith("assume.")) continue;
    if (el.type === "radio") {
      if (!(el.name in values)) values[el.name] = "";
      if (el.checked) values[el.name] = el.value;
    } else values[el.name] = el.value;
  }
  const assume = {};
  for (const el of form.querySelectorAll("input[name^='assume.']")) assume[el.name.slice(7)] = el.value;
  const errors = {};
  for (const slot of form.querySelectorAll(".calc-error")) {
    if (visible(slot)) errors[slot.id] = slot.textContent;
  }
  const summary = form.querySelector(".calc-error-summary");
  const section = document.getElementById(`calc-${name}-result`);
  const headed = (title) => {
    const h = [...section.querySelectorAll("h3")].find((h) => h.textContent === title);
    return h ? [...h.nextElementSibling.querySelectorAll(":scope > li")].map((li) => li.textContent) : [];
  };
  const banner = section.querySelector(".calc-assumed-banner");
  return {
    values, assume, errors,
    summaryShown: visible(summary),
    summary: [...summary.querySelectorAll("li a")].map((a) => ({text: a.textContent, href: a.getAttribute("href")})),
    invalid: [...form.querySelectorAll("[aria-invalid=true]")].map((e) => e.id),
    describedBy: Object.fromEntries([...form.querySelectorAll("[aria-invalid=true]")].map(
      (e) => [e.id, e.getAttribute("aria-describedby")])),
    status: form.querySelector(".calc-status").dataset.kind || "",
    result: section.hidden ? null : {
      shown: visible(section),
      total: section.dataset.total, complete: section.dataset.complete, assumed: section.dataset.assumed,
      rows: [...section.querySelectorAll("tr[data-component]")].map((r) => ({
        id: r.dataset.component, amount: r.dataset.amount, status: r.dataset.status,
        amountText: r.cells[1].textContent, statusText: r.cells[2].textContent})),
      totalRow: section.querySelector("tr.calc-total")?.dataset.total ?? null,
      totalText: section.querySelector("tr.calc-total td")?.textContent ?? null,
      headline: section.querySelector(".calc-headline")?.textContent ?? null,
      scope: section.querySelector(".calc-scope")?.textContent ?? null,
      scopeHref: section.querySelector(".calc-scope a")?.href ?? null,
      outputs: [...section.querySelectorAll("dd[data-output]")].map((dd) => ({
        id: dd.dataset.output, label: dd.previousElementSibling.textContent, text: dd.textContent})),
      estimate: section.querySelector(".calc-estimate")?.textContent ?? null,
      steps: [...section.querySelectorAll("ol > li")].map((li) => li.firstElementChild.textContent),
      citations: [...section.querySelectorAll("ol > li > ul > li")].map((li) => li.textContent),
      pending: headed("Còn chờ mức chính thức"),
      banner: banner ? visible(banner) : false,
      text: section.innerText,
    },
  };
}"""

# Resolves (into window.__calcNext) with the status after the next computation ends.
WATCH = """(name) => {
  const status = document.getElementById(`calc-${name}-status`);
  window.__calcNext = null;
  const watch = new MutationObserver(() => {
    const kind = status.dataset.kind;
    if (kind === "done" || kind === "error") { watch.disconnect(); window.__calcNext = kind; }
  });
  watch.observe(status, {attributes: true, attributeFilter: ["data-kind"]});
}"""


def state(page: Page, name: str) -> dict[str, Any]:
    return page.evaluate(STATE, name)


def wait_ready(page: Page, name: str) -> None:
    """The form is bound and the worker is ready (or the page has computed, or failed)."""
    page.wait_for_selector(
        ", ".join(f"#calc-{name}-status[data-kind={k}]" for k in ("ready", "done", "error")), timeout=START_MS
    )


def wait_computed(page: Page, name: str) -> str:
    """A page opened from a link: wait until it has computed (done) or shown errors."""
    page.wait_for_selector(
        ", ".join(f"#calc-{name}-status[data-kind={k}]" for k in ("done", "error")), timeout=START_MS
    )
    return page.get_attribute(f"#calc-{name}-status", "data-kind") or ""


def submit(page: Page, name: str, key: str | None = None) -> str:
    """Click “Tính” (or press `key` where the focus is) and wait for the answer: 'done' or 'error'."""
    page.bring_to_front()  # a page in the background gets no animation frames: everything waits
    page.evaluate(WATCH, name)
    if key:
        page.keyboard.press(key)
    else:
        page.click(f"#calc-{name} .calc-submit")
    page.wait_for_function("window.__calcNext !== null", timeout=START_MS, polling=50)
    return page.evaluate("window.__calcNext")


def type_into(page: Page, selector: str, value: str) -> None:
    """Click into a text box, select what is there and type over it (or delete it)."""
    page.click(selector)
    page.keyboard.press("Control+A")
    if value:
        page.keyboard.type(value)
    else:
        page.keyboard.press("Backspace")
    assert page.input_value(selector) == value


def answer(page: Page, name: str, answers: dict[str, str | None]) -> None:
    """Give these answers as a person would: type into boxes, click the label of a choice.
    Any what-if value left from an earlier test is deleted first."""
    for box in page.locator(f"#calc-{name} input[name^='assume.']").all():
        if box.input_value():
            type_into(page, f"#{box.get_attribute('id')}", "")
    current = state(page, name)["values"]
    for fname, value in answers.items():
        if fname in _choices(name):
            if value is None:
                assert current[fname] == "", "a chosen radio cannot be unchosen: use fresh_form()"
            elif current.get(fname) != value:
                page.click(f"label[for='calc-{name}-{fname}-{value}']")
                assert page.is_checked(f"#calc-{name}-{fname}-{value}")
        elif current.get(fname) != value:
            type_into(page, f"#calc-{name}-{fname}", value or "")


def check_result_matches(shown: dict[str, Any] | None, expected: Result) -> None:
    """The result on the page has CPython's total and every component's amount ('' if pending)."""
    assert shown is not None and shown["shown"], "no result is shown"
    # As the page writes it: String(null) for a total of which nothing is known yet.
    total = "null" if expected.total is None else str(expected.total)
    assert shown["total"] == total == shown["totalRow"]
    # Read right: the opening sentence, the total never bare while parts are pending, and where
    # the figures apply, with the link to the merger explanation.
    assert shown["headline"] == expected.headline
    assert shown["totalText"] == expected.total_text
    assert shown["scope"].startswith(expected.scope) and "Cần Thơ cũ" in shown["scope"]
    assert shown["scopeHref"] and shown["scopeHref"].endswith("/phan-cong/#sau-hop-nhat"), shown["scopeHref"]
    assert shown["complete"] == ("true" if expected.complete else "false")
    assert [(r["id"], r["amount"], r["status"]) for r in shown["rows"]] == [
        (c.id, "" if c.amount is None else str(c.amount), c.status) for c in expected.components
    ]
    assert [r["amountText"] for r in shown["rows"]] == [text.money(c.amount) for c in expected.components]
    # Further answers (a team's largest size ...), as the result types them.
    assert shown["outputs"] == [
        {"id": o.id, "label": o.label, "text": o.value_text} for o in expected.outputs
    ]


# --- pages ---------------------------------------------------------------------------------


@dataclass
class Tab:
    page: Page
    errors: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)


def _watch(page: Page) -> Tab:
    tab = Tab(page)
    page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
    page.on("console", lambda m: tab.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("worker", lambda worker: tab.workers.append(worker.url))
    return tab


@pytest.fixture(scope="module")
def context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    made = browser.new_context(**{**browser_context_args, "viewport": {"width": 1280, "height": 800}})
    made.set_default_timeout(20_000)
    yield made
    made.close()


def go(page: Page, site: str, path: str) -> None:
    """Go to `path` the way a reader does: through the site's navigation (instant, no reload)."""
    if urlsplit(page.url).path == urlsplit(site + path).path:
        return
    page.evaluate("document.querySelector('.md-content h1').dataset.left = ''")
    page.locator(f".md-sidebar--primary a.md-nav__link[href$='{path}']").first.click()
    page.wait_for_url(re.compile(re.escape(site + path) + r"(\?.*)?$"))
    page.wait_for_selector(".md-content h1[data-left]", state="detached")  # the new content is in


@pytest.fixture(scope="module")
def tabs(context: BrowserContext, site: str) -> Iterator[Callable[[str], Tab]]:
    """tab(name): the page of that calculator, opened once for the module (Pyodide starts once)."""
    opened: dict[str, Tab] = {}

    def get(name: str) -> Tab:
        if name not in opened:
            tab = _watch(context.new_page())
            tab.page.goto(site + PAGES[name])
            opened[name] = tab
        tab = opened[name]
        tab.page.bring_to_front()
        tab.page.set_viewport_size({"width": 1280, "height": 800})
        tab.page.emulate_media(media="screen")
        if urlsplit(tab.page.url).path != urlsplit(site + PAGES[name]).path:
            go(tab.page, site, PAGES[name])  # a test left it elsewhere: come back without a reload
        wait_ready(tab.page, name)
        return tab

    yield get
    for tab in opened.values():
        tab.page.close()


@pytest.fixture
def fresh(context: BrowserContext) -> Iterator[Callable[[str], Tab]]:
    """fresh(url): a new page opened at url (closed after the test)."""
    made: list[Tab] = []

    def open_(url: str) -> Tab:
        tab = _watch(context.new_page())
        made.append(tab)
        tab.page.goto(url)
        return tab

    yield open_
    for tab in made:
        assert not tab.errors, f"errors in {tab.page.url}: {tab.errors}"
        tab.page.close()


def fresh_form(page: Page, site: str, name: str) -> None:
    """Show the calculator's page again with an untouched form (via another page, no reload)."""
    go(page, site, OTHER_PAGE)
    go(page, site, PAGES[name])
    wait_ready(page, name)


per_calculator = pytest.mark.parametrize("name", NAMES)


def test_every_calculator_has_its_page() -> None:
    assert sorted(PAGES) == sorted(CALCULATORS), "each calculator needs a page under docs/may-tinh/"
    assert sorted(GOOD) == sorted(WHAT_IF) == sorted(NAMES) and set(BAD) <= set(NAMES)
    assert set(CALCULATORS) - set(NAMES) == {"budget"}, "a list field needs tests like test_budget.py"


# --- 2. bad input --------------------------------------------------------------------------


@per_calculator
def test_bad_input_is_explained_next_to_the_field(tabs: Callable[[str], Tab], site: str, name: str) -> None:
    """Each kind of wrong answer: a Vietnamese message (CPython's own) next to the field and in
    the summary; the box keeps exactly what was typed and the other answers are kept."""
    page = tabs(name).page
    if any(state(page, name)["values"][c] for c in _choices(name)):
        fresh_form(page, site, name)  # an unchosen radio needs a form nobody has answered yet
    cases = [c for c in BAD.get(name, []) if None in c[1].values()] + DATE_CASES
    cases += [c for c in BAD.get(name, []) if None not in c[1].values()]
    problems = []
    for what, changes, fields in cases:
        answers = {**GOOD[name], **changes}
        answer(page, name, answers)
        assert submit(page, name) == "error", f"{what}: no error for {answers}"
        expected = cpython(name, _as_sent(answers))
        assert isinstance(expected, dict), f"{what}: CPython accepts {answers}"
        assert set(expected) == fields, f"{what}: CPython flags {set(expected)}"
        got = state(page, name)
        slots = {f"calc-{name}-{f}-error": message for f, message in expected.items()}
        if got["errors"] != slots:
            problems.append(f"{what}: messages next to the fields {got['errors']}, expected {slots}")
        for message in expected.values():
            assert message.strip() and VIETNAMESE.search(message), (
                f"{what}: not a Vietnamese message: {message!r}"
            )
        assert got["summaryShown"], f"{what}: the error summary is not shown"
        assert [a["text"] for a in got["summary"]] == list(expected.values()), (
            f"{what}: summary {got['summary']}"
        )
        assert [a["href"] for a in got["summary"]] == [f"#{_control_id(name, f)}" for f in expected], got[
            "summary"
        ]
        assert got["values"] == _as_sent(answers), f"{what}: the answers changed: {got['values']}"
        assert got["result"] is None, f"{what}: a result is shown next to errors"
        for f in fields:  # the field is marked invalid and points at its message
            inputs = [
                i for i in got["invalid"] if i == f"calc-{name}-{f}" or i.startswith(f"calc-{name}-{f}-")
            ]
            assert inputs, f"{what}: {f} is not marked aria-invalid"
            assert all(f"calc-{name}-{f}-error" in got["describedBy"][i].split() for i in inputs)
        assert set(got["invalid"]) <= {
            i for f in fields for i in [f"calc-{name}-{f}"] + [f"calc-{name}-{f}-{k}" for k in _keys(name, f)]
        }
    assert not problems, "\n".join(problems)


# --- 1. good input -------------------------------------------------------------------------


@per_calculator
def test_good_input_shows_cpythons_result_with_its_working(tabs: Callable[[str], Tab], name: str) -> None:
    """Typed and clicked answers give CPython's total and amounts, with the working and its
    citations, the pending figures with the article to consult, and the dated estimate notice."""
    page = tabs(name).page
    answer(page, name, GOOD[name])
    assert submit(page, name) == "done"
    expected = cpython(name, GOOD[name])
    assert isinstance(expected, Result), expected
    got = state(page, name)
    check_result_matches(got["result"], expected)
    result = got["result"]
    assert not got["errors"] and not got["summaryShown"]
    # The working, each figure used with its citation (the article, where the source has one).
    assert result["steps"] == [f"{s.label}: " for s in expected.steps]
    uses = [u for s in expected.to_dict()["steps"] for u in s["uses"]]
    assert len(result["citations"]) == len(uses) > 0
    for line, use in zip(result["citations"], uses, strict=True):
        assert line.startswith(use["label"]) and use["ref"]["text"] in line, (line, use["ref"])
        assert use["ref"]["article"] is None or f"Điều {use['ref']['article']}" in line, line
    assert any("Điều" in line for line in result["citations"]), result["citations"]
    # What is still pending, and the article to consult (nothing, once the rates are complete).
    details = pending_details(BOOK, expected.pending, expected.date, expected.assumed)
    assert (result["pending"] or []) == [f"{p['label']}: {p['ask']}" for p in details]
    assert all("hỏi Công an xã, phường" in line for line in result["pending"] or [])
    assert all("Điều" in line for line in result["pending"] or []), result["pending"]
    # An estimate, with the date of the figures.
    estimate = result["estimate"] or ""
    assert "ước tính" in estimate, estimate
    assert text.date(expected.date) in estimate and text.date(expected.checked_on) in estimate, estimate
    assert ("Kết quả chưa đầy đủ" in result["text"]) is not expected.complete
    assert not result["banner"] and result["assumed"] == "false"
    # The result has the focus (it is announced), and the address now holds the answers.
    assert page.evaluate("document.activeElement.id") == f"calc-{name}-result"
    query = parse_qs(urlsplit(page.url).query)
    assert query.pop("calc") == [name]
    assert query == {k: [v] for k, v in GOOD[name].items() if v}


# --- 3. a shared link ----------------------------------------------------------------------


@per_calculator
def test_a_shared_link_restores_the_answers_and_the_result(
    tabs: Callable[[str], Tab],
    fresh: Callable[[str], Tab],
    name: str,
) -> None:
    """The address after a result, opened in a new page, shows the same answers and the same
    result without a click (and leaves the focus alone)."""
    page = tabs(name).page
    answer(page, name, GOOD[name])
    assert submit(page, name) == "done"
    before = state(page, name)
    link = page.url
    other = fresh(link).page  # nothing is clicked there
    assert wait_computed(other, name) == "done"
    after = state(other, name)
    assert after["values"] == before["values"] == GOOD[name]
    for key in ("total", "complete", "assumed", "rows", "estimate", "steps", "citations", "pending"):
        assert after["result"][key] == before["result"][key], key
    check_result_matches(after["result"], run(name, GOOD[name], strict_assume=False, book=BOOK))
    assert other.evaluate("document.activeElement.id") != f"calc-{name}-result", (
        "a link should not move the focus"
    )


# --- 4. a link carrying markup ----------------------------------------------------------------

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "<b onmouseover=window.__pwned=1>1</b>",
]

INERT = """(name) => {
  const area = [document.getElementById(`calc-${name}`), document.getElementById(`calc-${name}-result`)];
  const made = [];
  for (const root of area) for (const el of root.querySelectorAll("script, img, svg, iframe, object, embed, b"))
    made.push(el.outerHTML.slice(0, 80));
  const handlers = [...document.querySelectorAll(".md-content *")].filter(
    (el) => [...el.attributes].some((a) => a.name.startsWith("on"))).map((el) => el.outerHTML.slice(0, 80));
  return {pwned: typeof window.__pwned, made, handlers, imgs: document.querySelectorAll("img[src='x']").length};
}"""


def test_a_link_that_gives_a_field_twice_asks_which(fresh: Callable[[str], Tab], site: str) -> None:
    """role=…&role=… in a shared link: no value is picked silently; the field says it was given
    twice, keeps the first value chosen, and a new “Tính” computes what the form shows."""
    query = "calc=monthly&date=15/08/2024&role=to_vien&role=to_truong&training=none"
    page = fresh(f"{site}{PAGES['monthly']}?{query}").page
    assert wait_computed(page, "monthly") == "error"
    got = state(page, "monthly")
    message = got["errors"]["calc-monthly-role-error"]
    assert "2 lần" in message and "“to_truong”" in message, message
    assert got["values"]["role"] == "to_vien" and got["result"] is None
    assert submit(page, "monthly") == "done"
    check_result_matches(state(page, "monthly")["result"], run("monthly", GOOD_TO_VIEN, book=BOOK))


GOOD_TO_VIEN = {"date": "15/08/2024", "role": "to_vien", "training": "none"}


@per_calculator
def test_a_link_carrying_markup_stays_text(fresh: Callable[[str], Tab], site: str, name: str) -> None:
    """Markup in every answer of a link (and in a what-if) creates no element and runs nothing;
    it shows as text, in the boxes and in the messages."""
    fields = [f.name for f in CALCULATORS[name].fields]
    given = {f: PAYLOADS[i % len(PAYLOADS)] for i, f in enumerate(fields)}
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in {"calc": name, **given}.items())
    what_if = next(iter(WHAT_IF[name]), next(iter(BOOK.parameters)))  # any figure's box, if none pending
    query += "&" + quote(f"assume.{what_if}") + "=" + quote(PAYLOADS[1])
    page = fresh(f"{site}{PAGES[name]}?{query}").page
    assert wait_computed(page, name) == "error"
    inert = page.evaluate(INERT, name)
    assert inert == {"pwned": "undefined", "made": [], "handlers": [], "imgs": 0}, inert
    got = state(page, name)
    expected = cpython(name, given)
    assert isinstance(expected, dict)
    assert got["errors"] == {f"calc-{name}-{f}-error": m for f, m in expected.items()}
    for f, value in given.items():
        if f in _choices(name):  # no radio is chosen; the message quotes the text as text
            assert got["values"][f] == ""
            assert value in got["errors"][f"calc-{name}-{f}-error"]
        else:  # the text box holds exactly the text of the link
            assert got["values"][f] == value
    assert [a["text"] for a in got["summary"]] == list(expected.values())
    assert got["result"] is None
    assert page.evaluate("typeof window.__pwned") == "undefined"


# --- 5. what-if ----------------------------------------------------------------------------


@per_calculator
def test_what_if_is_labelled_and_kept_in_the_link(
    tabs: Callable[[str], Tab],
    fresh: Callable[[str], Tab],
    name: str,
) -> None:
    """A value entered for a pending figure gives CPython's result with that assumption, marked
    as such (banner, data-assumed, 'giả định'), carried by the link and kept when it is reopened;
    a what-if that is no number is explained next to its box."""
    page = tabs(name).page
    assume = WHAT_IF[name]
    if not assume:
        pytest.skip(f"{name}: the rates leave nothing pending for these answers")
    answer(page, name, GOOD[name])
    assert submit(page, name) == "done"
    for pid, value in assume.items():
        box = page.locator(f"#calc-{name} input[name='assume.{pid}']")
        expect(box).to_be_visible()
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        assert label.inner_text().startswith(BOOK.parameter(pid).label)
        type_into(page, f"#{box.get_attribute('id')}", value)
    assert submit(page, name) == "done"

    expected = cpython(name, GOOD[name], assume)
    assert isinstance(expected, Result) and expected.uses_assumptions

    def check(p: Page) -> dict[str, Any]:
        got = state(p, name)
        check_result_matches(got["result"], expected)
        assert got["result"]["assumed"] == "true" and got["result"]["banner"], "not marked as an assumption"
        assumed = [r for r in got["result"]["rows"] if r["status"] == "assumed"]
        assert assumed and all(r["statusText"] == "giả định" for r in assumed), got["result"]["rows"]
        query = parse_qs(urlsplit(p.url).query)
        for pid, value in assume.items():
            assert got["assume"][pid] == value
            assert query[f"assume.{pid}"] == [value]
            label = BOOK.parameter(pid).label
            line = next(line for line in got["result"]["pending"] if line.startswith(label))
            assert line.endswith(f"đang giả định {expected.assumed[pid]}"), line
        return got

    here = check(page)
    other = fresh(page.url).page
    assert wait_computed(other, name) == "done"
    there = check(other)
    assert there["values"] == here["values"] and there["result"]["rows"] == here["result"]["rows"]

    # A what-if that is not a number: explained next to the what-if box, and kept as typed.
    pid = next(iter(assume))
    box = page.locator(f"#calc-{name} input[name='assume.{pid}']")
    type_into(page, f"#{box.get_attribute('id')}", "<b>một nửa</b>")
    assert submit(page, name) == "error"
    got = state(page, name)
    assert list(got["errors"]) == [f"calc-{name}-assume-error"], got["errors"]
    assert VIETNAMESE.search(got["errors"][f"calc-{name}-assume-error"])
    assert got["assume"][pid] == "<b>một nửa</b>" and page.locator(f"#calc-{name} b").count() == 0
    type_into(page, f"#{box.get_attribute('id')}", "")


# --- 6. the golden cases through the real worker ---------------------------------------------

PARITY = """async ([url, cases]) => {
  const engine = await import(url);
  const out = [];
  for (const c of cases) out.push(await engine.compute(c.calculator, c.inputs, c.assume));
  return out;
}"""


def golden_differences(page: Page, site: str) -> list[str]:
    """Every golden case through the page's own worker (engine.js, imported as the page did),
    against CPython: components, total, completeness, pending and assumptions, or the same
    errors. One line per case that differs."""
    cases = [
        {
            "calculator": c["calculator"],
            "inputs": {k: str(v) for k, v in c["inputs"].items()},
            "assume": {k: str(v) for k, v in (c.get("assume") or {}).items()},
        }
        for _, c in CASES
    ]
    browser_results = page.evaluate(PARITY, [site + "assets/js/engine.js", cases])
    assert len(browser_results) == len(cases) > 100
    differences = []
    for (file, case), sent, got in zip(CASES, cases, browser_results, strict=True):
        here = cpython(sent["calculator"], sent["inputs"], sent["assume"])
        if isinstance(here, dict):
            same = got.get("errors") == here
            want: Any = {"errors": here}
        else:
            want = {
                "components": [[c.id, c.amount, c.status] for c in here.components],
                "total": here.total,
                "complete": here.complete,
                "pending": here.pending,
                "assumed": dict(here.assumed),
                "uses_assumptions": here.uses_assumptions,
                # A budget's table, ấp by ấp and month by month (None for the others).
                "rows": here.to_dict().get("rows"),
                "month_totals": here.to_dict().get("month_totals"),
            }
            ok = got.get("ok") or {}
            same = {
                "components": [[c["id"], c["amount"], c["status"]] for c in ok.get("components", [])],
                "total": ok.get("total"),
                "complete": ok.get("complete"),
                "pending": ok.get("pending"),
                "assumed": ok.get("assumed"),
                "uses_assumptions": ok.get("uses_assumptions"),
                "rows": ok.get("rows"),
                "month_totals": ok.get("month_totals"),
            } == want
        if not same:
            differences.append(f"{file}:{case['name']}: browser {got}, CPython {want}")
    return differences


def test_every_golden_case_gives_cpythons_result_in_the_browser(
    tabs: Callable[[str], Tab], site: str
) -> None:
    """Every golden case through the page's own worker gives CPython's result."""
    page = tabs("monthly").page
    workers = len(tabs("monthly").workers)
    differences = golden_differences(page, site)
    assert len(tabs("monthly").workers) == workers, (
        "the page's engine module should be reused, not a new worker"
    )
    assert not differences, "\n".join(differences[:10])


# --- 7. instant navigation ------------------------------------------------------------------


def test_instant_navigation_between_calculators_reuses_the_worker(
    tabs: Callable[[str], Tab], site: str
) -> None:
    """A click in the navigation to another calculator: no reload, no second worker, ready at
    once, and it computes."""
    tab = tabs("monthly")
    page = tab.page
    page.evaluate("window.__marker = 1")
    started = [w for w in tab.workers if w.endswith("calculator-worker.js")]
    assert len(started) == 1, started
    page.locator(f".md-sidebar--primary a.md-nav__link[href$='{PAGES['duty']}']").first.click()
    clicked = time.monotonic()
    page.wait_for_url(site + PAGES["duty"])
    page.wait_for_selector("#calc-duty-status[data-kind=ready]", timeout=START_MS)
    waited = time.monotonic() - clicked
    assert page.evaluate("window.__marker") == 1, "the click reloaded the whole page"
    assert [w for w in tab.workers if w.endswith("calculator-worker.js")] == started, (
        "a second worker was started"
    )
    assert waited < 2.5, f"the second calculator took {waited:.1f} s to be ready: the worker was not reused"
    answer(page, "duty", GOOD["duty"])
    assert submit(page, "duty") == "done"
    check_result_matches(state(page, "duty")["result"], run("duty", GOOD["duty"], book=BOOK))
    assert page.evaluate("window.__marker") == 1


# --- 8. keyboard only ----------------------------------------------------------------------


def _focused(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def test_keyboard_only(tabs: Callable[[str], Tab], site: str) -> None:
    """Tab, arrows, Space, typing and Enter fill and send the form; the result takes the focus;
    after an error the summary takes it, and its link takes it to the field."""
    page = tabs("monthly").page
    fresh_form(page, site, "monthly")
    page.evaluate("document.activeElement && document.activeElement.blur()")  # start at the top
    for _ in range(80):
        page.keyboard.press("Tab")
        if _focused(page) == "calc-monthly-date":
            break
    else:
        pytest.fail("Tab never reached the date box")
    page.keyboard.type("15/08/2024")  # tabbing into a box selects what it holds: typing replaces it
    assert page.input_value("#calc-monthly-date") == "15/08/2024"
    page.keyboard.press("Tab")
    assert _focused(page) == "calc-monthly-role-to_truong"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#calc-monthly-role-to_vien")
    page.keyboard.press("Tab")
    assert _focused(page) == "calc-monthly-training-none"
    page.keyboard.press("Space")
    assert page.is_checked("#calc-monthly-training-none")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('calc-submit')")
    assert submit(page, "monthly", key="Enter") == "done"
    assert _focused(page) == "calc-monthly-result", "the result should receive the focus"
    answers = {"date": "15/08/2024", "role": "to_vien", "training": "none"}
    check_result_matches(state(page, "monthly")["result"], run("monthly", answers, book=BOOK))

    # Back to the date with Shift+Tab, a wrong date, Enter: the summary takes the focus and its
    # link takes the focus to the box.
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if _focused(page) == "calc-monthly-date":
            break
    assert _focused(page) == "calc-monthly-date"
    page.keyboard.type("30/02/2024")
    assert submit(page, "monthly", key="Enter") == "error"
    assert _focused(page) == "calc-monthly-summary"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#calc-monthly-date"
    page.keyboard.press("Enter")
    assert _focused(page) == "calc-monthly-date"
    assert page.input_value("#calc-monthly-date") == "30/02/2024"


# --- 9. going back --------------------------------------------------------------------------


def test_going_back_keeps_the_answers_and_the_result(tabs: Callable[[str], Tab], site: str) -> None:
    """Compute, go to another page, come back with the browser's Back: same answers, same result."""
    page = tabs("bhyt").page
    answers = {"date": "11/11/2025", "position": "3"}
    answer(page, "bhyt", answers)
    assert submit(page, "bhyt") == "done"
    before = state(page, "bhyt")
    page.evaluate("window.__marker = 'back'")
    go(page, site, OTHER_PAGE)
    assert page.locator("#calc-bhyt").count() == 0
    page.go_back()
    page.wait_for_url(re.compile(re.escape(site + PAGES["bhyt"]) + r"\?"))
    assert wait_computed(page, "bhyt") == "done"
    after = state(page, "bhyt")
    assert after["values"] == before["values"] == answers
    assert after["result"]["rows"] == before["result"]["rows"]
    assert after["result"]["total"] == before["result"]["total"]
    check_result_matches(after["result"], run("bhyt", answers, book=BOOK))
    assert page.evaluate("window.__marker") == "back", "going back reloaded the page"


# --- 10. print ------------------------------------------------------------------------------

PRINTED = """(name) => {
  const visible = (el) => !!el && el.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && el.getBoundingClientRect().height > 0;
  const any = (sel) => [...document.querySelectorAll(sel)].some(visible);
  const result = document.getElementById(`calc-${name}-result`);
  return {
    result: visible(result), form: any(".calc"), nav: any(".md-sidebar--primary"), header: any(".md-header"),
    toc: any(".md-sidebar--secondary"), footer: any(".md-footer"), h1: any(".md-content h1"),
    buttons: any(".calc-result-actions"), estimate: visible(result?.querySelector(".calc-estimate")),
    focused: document.activeElement === result, outline: result ? getComputedStyle(result).outlineStyle : "",
    banner: visible(result?.querySelector(".calc-assumed-banner")),
    text: result ? result.innerText : "",
  };
}"""


def test_print_shows_the_result_only(tabs: Callable[[str], Tab], screenshot_dir: Path) -> None:
    """Printed after a what-if result: the result with its estimate notice, date and assumption
    banner; no form, navigation, header, footer, buttons or focus ring."""
    page = tabs("monthly").page
    if not WHAT_IF["monthly"]:
        pytest.skip("the rates leave nothing pending for these answers: nothing to assume")
    answer(page, "monthly", GOOD["monthly"])
    assert submit(page, "monthly") == "done"
    for pid, value in WHAT_IF["monthly"].items():
        type_into(page, f"#calc-monthly-assume-{pid}", value)
    assert submit(page, "monthly") == "done"
    page.emulate_media(media="print")
    try:
        printed = page.evaluate(PRINTED, "monthly")
        page.screenshot(path=screenshot_dir / "may-tinh-ho-tro-hang-thang-result-print.png", full_page=True)
    finally:
        page.emulate_media(media="screen")
    expected = run("monthly", GOOD["monthly"], WHAT_IF["monthly"], book=BOOK)
    assert printed["result"] and printed["estimate"], printed
    assert not printed["form"] and not printed["nav"] and not printed["header"], printed
    assert not printed["toc"] and not printed["footer"] and not printed["buttons"], printed
    assert "ước tính" in printed["text"] and text.date(expected.date) in printed["text"]
    assert text.date(expected.checked_on) in printed["text"]
    assert printed["banner"], "a printed what-if must say it is an assumption"
    assert printed["focused"] and printed["outline"] == "none", "the focus ring of the result is printed"
    assert text.money(expected.total) in printed["text"] and "Điều" in printed["text"]


def test_print_of_the_next_page_is_that_page(tabs: Callable[[str], Tab], site: str) -> None:
    """After a result, another page reached by instant navigation prints its own content."""
    page = tabs("bhyt").page
    answer(page, "bhyt", GOOD["bhyt"])
    assert submit(page, "bhyt") == "done"
    go(page, site, OTHER_PAGE)
    page.emulate_media(media="print")
    try:
        printed = page.evaluate(PRINTED, "bhyt")
        article = page.locator(".md-content article").first.evaluate(
            "a => [...a.children].filter(el => el.checkVisibility()).length"
        )
    finally:
        page.emulate_media(media="screen")
    assert printed["h1"] and article > 3, f"the page prints empty after a result ({printed}, {article} parts)"
    assert not printed["nav"] and not printed["header"]


# --- 11. accessibility and screenshots ----------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")).slice(0, 8),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || "").slice(0, 300),
  }));
}"""

BAD_FOR_SCREENSHOT = {
    "monthly": {"date": "30/02/2024"},
    "duty": {"date": "30/02/2024", "night_shifts": "ba", "rest_days": "-1"},
    "bhxh": {"date": "30/02/2024", "income": "hai triệu"},
    "bhyt": {"date": "30/02/2024", "position": "0"},
    "incident": {"date": "30/02/2024", "medical_costs": "-100000", "lost_capacity": "0"},
    "team": {"date": "30/02/2024", "households": "0", "months": "abc"},
}


def _axe(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    # Colours are measured at rest: the theme fades some parts in after a resize or a scroll.
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')", polling=50)
    return page.evaluate(AXE_RUN)


@per_calculator
def test_accessibility_and_screenshots(tabs: Callable[[str], Tab], screenshot_dir: Path, name: str) -> None:
    """axe-core finds nothing serious with a result (1280 and 360 px) or with errors (360 px);
    nothing is wider than the window; screenshots of each."""
    page = tabs(name).page
    slug = PAGES[name].strip("/").replace("/", "-")
    found: list[str] = []
    answer(page, name, GOOD[name])
    assert submit(page, name) == "done"
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        found += [f"result at {width} px: {v}" for v in _axe(page)]
        page.screenshot(path=screenshot_dir / f"{slug}-result-{width}.png", full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width + 1, f"{name} at {width} px is {wide} px wide"
    answer(page, name, {**GOOD[name], **BAD_FOR_SCREENSHOT[name]})
    assert submit(page, name) == "error"
    found += [f"errors at 360 px: {v}" for v in _axe(page)]
    page.screenshot(path=screenshot_dir / f"{slug}-errors-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not found, "\n".join(found)


# --- 12. without JavaScript -------------------------------------------------------------------


def test_without_javascript_the_form_and_the_explanation_remain(
    browser: Browser,
    browser_context_args: dict,
    site: str,
) -> None:
    """JavaScript off: the form, its questions, the page's explanation and the noscript note show;
    nothing promises a calculator that will never load."""
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        for name in NAMES:
            page.goto(site + PAGES[name])
            form = page.locator(f"#calc-{name}")
            expect(form).to_be_visible()
            for f in CALCULATORS[name].fields:
                expect(page.locator(f"[data-field='{f.name}']")).to_contain_text(f.label)
            note = page.locator(f"#calc-{name} .calc-noscript")
            expect(note).to_be_visible()
            expect(note).to_contain_text("JavaScript")
            expect(page.locator(".md-content p", has_text="Kết quả ghi rõ cách tính").first).to_be_visible()
            expect(page.locator(f"#calc-{name}-result")).to_be_hidden()
            expect(
                page.locator(f"#calc-{name}-status")
            ).to_be_hidden()  # it would promise a loading that never comes
    finally:
        context.close()


# --- a failed start ------------------------------------------------------------------------


def test_a_failed_start_is_not_hidden_by_a_click(
    browser: Browser, browser_context_args: dict, site: str
) -> None:
    """When the worker cannot start, pressing “Tính” for a question that needs it (a typed count;
    choices and a date are answered without it) says so; it does not spin forever."""
    context = browser.new_context(**browser_context_args)
    context.route("**/assets/calculators/manifest.json", lambda route: route.abort())
    try:
        tab = _watch(context.new_page())
        page = tab.page
        page.goto(site + PAGES["team"])
        page.wait_for_selector("#calc-team-status[data-kind=error]", timeout=START_MS)
        message = page.inner_text("#calc-team-status")
        page.fill("#calc-team-households", "820")
        assert submit(page, "team") == "error"
        assert page.inner_text("#calc-team-status") == message and "Thử tải lại" in message
        assert page.input_value("#calc-team-households") == "820"
        assert not [e for e in tab.errors if e.startswith("uncaught")], tab.errors
    finally:
        context.close()


def test_no_script_error_on_the_calculator_pages(tabs: Callable[[str], Tab]) -> None:
    """Last: nothing above made the pages throw or log an error."""
    for name in NAMES:
        tab = tabs(name)
        assert not tab.errors, f"{name}: {tab.errors}"
