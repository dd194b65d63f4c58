"""The trainers' worked examples (docs/tap-huan/vi-du.md, calculators/tools/site/examples.py).

The page shows the golden cases marked `worked_example: true`, computed by the engine when the
site is built. Checked here, without building the site: every calculator has an example; the
dates people ask about are covered (derived from rates.yaml, so a new base salary asks for new
examples); each link opens the right calculator page with answers that calculator knows and
reproduces the example; the totals shown are the golden cases' hand-computed ones (and do
follow the rates: they are computed, not copied); anchors are unique and stable; pending and
assumed figures are marked as such; and the pages around the examples hold together.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from books import FROZEN, FROZEN_RATES, REAL
from project_copy import clean_copy

from calculators import InputError, Result, text
from calculators.fields import CHOICE, answer_text
from calculators.rates import RateBook
from calculators.registry import CALCULATORS, run
from calculators.tools.paths import RATES
from calculators.tools.rates_file import load_valid
from calculators.tools.site import examples, macros
from calculators.tools.site.vietnamese import slugify

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
GOLDEN = REPO / "tests" / "golden"
PAGE = "tap-huan/vi-du.md"
DAY = dt.timedelta(days=1)

BOOK = REAL
EXAMPLES = examples.load(BOOK)
PAGES = examples.calculator_pages()
RENDERED = examples.render(BOOK, page=PAGE)

_HEADING = re.compile(r'^### (?P<title>.+) \{ #(?P<anchor>[\w-]+) data-toc-label="(?P<toc>[^"]*)" \}$')
_DIV = re.compile(r"^<div (?P<attrs>.*) markdown>$")
_BUTTON = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)\{ \.md-button \}$")


def _blocks(markdown: str) -> dict[str, dict[str, Any]]:
    """Each rendered example by case name: heading, anchor, TOC label, block attributes, body
    lines, the button's text and target."""
    found: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = {**heading.groupdict(), "lines": [], "attrs": {}, "button": None}
            continue
        if line.startswith("## "):
            current = None
        if current is None:
            continue
        div = _DIV.match(line)
        if div and "data-example=" in div["attrs"]:  # not the inner block kept out of search
            current["attrs"] = dict(re.findall(r'([\w-]+)="([^"]*)"', div["attrs"]))
            found[current["attrs"]["data-example"]] = current
        button = _BUTTON.match(line)
        if button:
            current["button"] = button.groupdict()
        current["lines"].append(line)
    return found


BLOCKS = _blocks(RENDERED)
BY_NAME = {e.name: e for e in EXAMPLES}


def _expected(example: examples.Example) -> dict[str, Any]:
    return example.case.get("expected") or {}


def _date(example: examples.Example) -> dt.date:
    """The day an example is computed for (a budget's: the first day of its first month)."""
    result = examples.compute(BOOK, example)
    if isinstance(result, Result):
        return result.date
    return dt.date.fromisoformat(examples._values(BOOK, example, result)["date"])


def _is_result(example: examples.Example) -> bool:
    return "expected" in example.case


# --- which cases ------------------------------------------------------------------------------


def test_the_marked_golden_cases_are_the_examples() -> None:
    """Every case marked `worked_example`, but a what-if the rates now answer."""
    marked = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        marked += [
            examples.Example(0, path.stem, c)
            for c in yaml.safe_load(path.read_text(encoding="utf-8"))
            if c.get("worked_example")
        ]
    shown = [e.name for e in marked if not examples.answered(BOOK, e)]
    assert sorted(shown) == sorted(BY_NAME) == sorted(BLOCKS)
    assert [e.number for e in EXAMPLES] == list(range(1, len(EXAMPLES) + 1))


def test_every_calculator_has_an_example_with_a_result() -> None:
    assert sorted(examples.ORDER) == sorted(CALCULATORS)
    for name in CALCULATORS:
        shown = [e.name for e in EXAMPLES if e.calculator == name and "data-total" in BLOCKS[e.name]["attrs"]]
        assert shown, f"no worked example with a result for the {name} calculator"


def test_examples_come_in_training_order() -> None:
    order = [e.calculator for e in EXAMPLES]
    assert order == sorted(order, key=examples.ORDER.index)
    groups = re.findall(r"^## (.+)$", RENDERED, re.M)
    assert groups == [CALCULATORS[n].title for n in examples.ORDER if n in order]


def test_an_example_is_a_result_or_a_refused_date() -> None:
    """A refusal is worth teaching only for a date (before the Resolution): the other input
    errors are about typing, which the calculator pages explain by themselves."""
    for e in EXAMPLES:
        assert _is_result(e) or e.case["expected_error"] == {"field": "date"}, e.name


# --- the dates people ask about ---------------------------------------------------------------


def _changes(pid: str) -> list[dt.date]:
    """The days a parameter takes a new value, within the dates the calculators accept, in the
    frozen rates: the boundaries the examples were chosen for. (A later period added to
    rates.yaml needs no new example: the trainers' page is complete without it.)"""
    meta = FROZEN.meta
    return [
        v.start for v in FROZEN.parameter(pid).values[1:] if meta.covered_from < v.start <= meta.covered_until
    ]


RESOLUTION_START = FROZEN.parameter("monthly_support_coefficient").first_date
BASE_SALARY_CHANGES = _changes("base_salary")
STATE_SUPPORT_CHANGES = sorted({d for c in FROZEN.choices("group").values() for d in _changes(c.parameter)})


def test_the_boundaries_are_the_known_ones() -> None:
    """If this fails, the rates gained a new boundary: mark (or add) golden cases for it."""
    assert dt.date(2024, 7, 5) == RESOLUTION_START
    assert [dt.date(2024, 7, 1), dt.date(2026, 7, 1)] == BASE_SALARY_CHANGES
    assert [dt.date(2025, 7, 1)] == STATE_SUPPORT_CHANGES


def test_the_day_the_resolution_starts_and_the_day_before() -> None:
    on_day = [e for e in EXAMPLES if _date(e) == RESOLUTION_START and _is_result(e)]
    before = [e for e in EXAMPLES if _date(e) == RESOLUTION_START - DAY]
    assert on_day, f"no example computes {RESOLUTION_START}"
    assert before and all(not _is_result(e) for e in before), f"no example refuses {RESOLUTION_START - DAY}"


@pytest.mark.parametrize("change", BASE_SALARY_CHANGES, ids=str)
def test_each_base_salary_change_the_day_before_and_the_day(change: dt.date) -> None:
    dates = {_date(e) for e in EXAMPLES}
    assert {change - DAY, change} <= dates, f"examples needed on {change - DAY} and {change}"
    if change - DAY < RESOLUTION_START:
        return  # both days are refused: the Resolution had not started (see the test above)
    # After the Resolution started: a calculator shows the amount change from one day to the next.
    changed = []
    for before in (e for e in EXAMPLES if _date(e) == change - DAY and _is_result(e)):
        for after in (e for e in EXAMPLES if _date(e) == change and e.calculator == before.calculator):
            same_answers = {k: v for k, v in before.answers.items() if k != "date"} == {
                k: v for k, v in after.answers.items() if k != "date"
            }
            if same_answers and _is_result(after) and _expected(before)["total"] != _expected(after)["total"]:
                changed.append(before.calculator)
    assert changed, f"no pair of examples shows the base salary change of {change}"


@pytest.mark.parametrize("change", STATE_SUPPORT_CHANGES, ids=str)
def test_the_change_of_state_support_for_social_insurance(change: dt.date) -> None:
    pairs = []
    for before in (
        e for e in EXAMPLES if e.calculator == "bhxh" and _date(e) == change - DAY and _is_result(e)
    ):
        for after in (e for e in EXAMPLES if e.calculator == "bhxh" and _date(e) == change and _is_result(e)):
            if before.answers.get("group") == after.answers.get("group"):
                old = _expected(before)["components"]["state_support"]
                new = _expected(after)["components"]["state_support"]
                assert old != new, (before.name, after.name)
                pairs.append(before.answers["group"])
    assert pairs, f"no bhxh examples for one group on {change - DAY} and {change}"


# --- the results ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_the_rendered_result_is_the_golden_expected_one(name: str) -> None:
    example, block = BY_NAME[name], BLOCKS[name]
    attrs, body = block["attrs"], "\n".join(block["lines"])
    assert attrs["data-calculator"] == example.calculator
    if not _is_result(example):
        field = example.case["expected_error"]["field"]
        assert attrs.get("data-refused") == field and "data-total" not in attrs
        with pytest.raises(InputError) as refused:
            run(example.calculator, example.answers, example.assume, book=BOOK)
        assert f"> {refused.value.errors[field]}" in block["lines"], "the engine's explanation is shown"
        return
    expected = _expected(example)
    assert attrs["data-total"] == ("null" if expected["total"] is None else str(expected["total"]))
    assert attrs["data-complete"] == str(expected["complete"]).lower()
    assert attrs["data-assumed"] == str(expected.get("uses_assumptions", False)).lower()
    result = run(example.calculator, example.answers, example.assume, book=BOOK)
    assert f"**Kết quả:** {result.headline}" in block["lines"], "the result opens with its sentence"
    total_rows = [line for line in block["lines"] if line.startswith("| **")]
    assert len(total_rows) == 1 and f"| **{result.total_text}** |" in total_rows[0], total_rows
    if expected["total"] is not None:
        assert text.money(expected["total"]) in total_rows[0]
    for cid, amount in expected["components"].items():
        label = next(
            c.label
            for c in run(example.calculator, example.answers, example.assume, book=BOOK).components
            if c.id == cid
        )
        row = next(line for line in block["lines"] if line.startswith(f"| {label} |"))
        assert f"| {text.money(amount)} |" in row, (cid, row)
    assert "Cách tính:" in body and re.search(r"^\d+\. .+\(.*Điều \d+", body, re.M), (
        "the working cites articles"
    )


def test_results_are_computed_from_the_rates_not_copied() -> None:
    """With another base salary in the latest period some example falls in, the examples from
    that day follow it."""
    data = load_valid(RATES)
    last_example = max(_date(e) for e in EXAMPLES if _is_result(e))
    periods = data["parameters"]["base_salary"]["values"]
    latest = [v for v in periods if dt.date.fromisoformat(str(v["from"])) <= last_example][-1]
    latest["value"] = latest["value"] + 1000  # illustrative, not a figure of any decree
    changed = _blocks(examples.render(RateBook.from_dict(data), page=PAGE))
    start = dt.date.fromisoformat(str(latest["from"]))
    moved = [
        e.name
        for e in EXAMPLES
        if _is_result(e)
        and _date(e) >= start
        and changed[e.name]["attrs"]["data-total"] != BLOCKS[e.name]["attrs"]["data-total"]
    ]
    assert moved, "no example's total followed the base salary"
    untouched = [e.name for e in EXAMPLES if _is_result(e) and _date(e) < start]
    assert all(changed[n]["attrs"] == BLOCKS[n]["attrs"] for n in untouched)


def test_inputs_are_written_in_plain_words() -> None:
    for e in EXAMPLES:
        lines = BLOCKS[e.name]["lines"]
        start = lines.index("**Thông tin nhập vào:**")
        shown = [line for line in lines[start + 2 :] if line.startswith("- ")]
        fields = CALCULATORS[e.calculator].fields
        assert [line.split(":")[0] for line in shown[: len(fields)]] == [f"- {f.label}" for f in fields]
        values = examples._values(BOOK, e, examples.compute(BOOK, e))
        for f, line in zip(fields, shown, strict=False):
            assert line == f"- {f.label}: {answer_text(BOOK, f, values.get(f.name))}", line
        for f, line in zip(fields, shown, strict=False):  # a choice by its label, never its key ('to_vien')
            if f.kind == CHOICE:
                assert line.startswith(f"- {f.label}: {BOOK.choices(f.name)[values[f.name]].label}"), line


def test_pending_figures_are_shown_with_the_article_to_consult() -> None:
    checked = 0
    for e in EXAMPLES:
        if not _is_result(e) or not _expected(e)["pending"]:
            continue
        body = BLOCKS[e.name]["lines"]
        head = body.index("**Còn chờ mức chính thức:**")
        listed = [line for line in body[head + 2 :] if line.startswith("- ")]
        result = run(e.calculator, e.answers, e.assume, book=BOOK)
        for pid, line in zip(_expected(e)["pending"], listed, strict=False):
            entry = BOOK.parameter(pid).at(result.date)
            assert line.startswith(f"- {BOOK.parameter(pid).label}: xem {text.reference(entry.ref, BOOK)}"), (
                line
            )
            assert entry.ref.article is None or f"Điều {entry.ref.article}" in line
        assert len(listed) >= len(_expected(e)["pending"])
        for c in result.components:
            if c.amount is None:
                row = next(line for line in body if line.startswith(f"| {c.label} |"))
                assert row.endswith("| chưa có mức | đang chờ |"), row
        assert any(line.startswith("| **") and line.endswith("| chưa đầy đủ |") for line in body), (
            "the total row says the result is incomplete"
        )
        assert "hỏi Công an xã, phường" in "\n".join(listed), "a pending line says whom to ask"
        checked += 1
    assert checked, "no example shows a pending figure"


def test_assumed_values_are_marked_everywhere_they_show() -> None:
    """On the frozen rates, where every figure the examples assume is still pending."""
    shown = examples.load(FROZEN)
    blocks = _blocks(examples.render(FROZEN, page=PAGE))
    assumed = [e for e in shown if e.assume]
    assert {e.calculator for e in assumed} >= {"monthly"}, "no example shows how an assumption is marked"
    for e in shown:
        block = blocks[e.name]
        body = "\n".join(block["lines"])
        if not e.assume:
            assert "giả định" not in block["title"] + block["toc"] + block["button"]["text"], e.name
            assert '!!! warning "Ví dụ có dùng giả định"' not in body
            continue
        assert "(có giả định)" in block["title"] and "(có giả định)" in block["toc"]
        assert '!!! warning "Ví dụ có dùng giả định"' in body
        assert "có mức giả định" in block["button"]["text"]
        result = run(e.calculator, e.answers, e.assume, book=FROZEN)
        for pid in e.assume:
            label = FROZEN.parameter(pid).label
            assert f"- “{label}”: **{result.assumed[pid]}** ({examples.ASSUMED_MARK})" in block["lines"]
            assert any(
                line.startswith(f"- {label}: xem ") and line.endswith(f"({examples.ASSUMED_MARK})")
                for line in block["lines"]
            ), f"{e.name}: pending line of {pid} not marked"
        for c in result.components:
            if c.status == "assumed":
                row = next(line for line in block["lines"] if line.startswith(f"| {c.label} |"))
                assert row.endswith("| giả định |"), row
        assert "(có dùng giả định)" in next(line for line in block["lines"] if line.startswith("| **"))
        opening = next(line for line in block["lines"] if line.startswith("**Kết quả:**"))
        assert "mức giả định" in opening and "chưa phải mức chính thức" in opening, opening
        steps = [line for line in block["lines"] if re.match(r"\d+\. ", line)]
        uses = [any(u.status == "assumed" for u in s.uses) for s in result.steps]
        assert [examples.ASSUMED_MARK in s for s in steps] == uses, steps


_AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+) đồng")
_PERCENT = re.compile(r"(\d+(?:,\d+)?)%")


def _known_values() -> set[str]:
    """Every money value and percentage of rates.yaml, written the Vietnamese way."""
    known = set()
    for param in BOOK.parameters.values():
        for v in param.values:
            if v.value is None or param.kind == "table":
                continue
            known.add(text.integer(int(v.value)) if param.kind == "money" else text.decimal(v.value))
    return known


def test_figures_quoted_in_the_situations_are_rates_or_the_cases_own_answers() -> None:
    """The situations are shown on the page: an amount or a percentage they quote is either a
    figure of rates.yaml or one of the example's own answers (an amount paid, an assumed rate)."""
    known = _known_values()
    for e in EXAMPLES:
        own = set()
        for raw in [*e.answers.values(), *e.assume.values()]:
            digits = re.sub(r"[ .]", "", raw)
            if digits.isdigit():
                own.add(text.integer(int(digits)))
            own.add(raw.replace(".", ","))
        situation = e.case["situation"]
        for figure in _AMOUNT.findall(situation) + _PERCENT.findall(situation):
            assert figure in known | own, (
                f"{e.name}: “{figure}” in the situation is neither in rates.yaml nor an answer"
            )


# --- links ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_the_link_opens_the_calculator_with_the_same_answers(name: str) -> None:
    example, block = BY_NAME[name], BLOCKS[name]
    target = urlsplit(block["button"]["target"])
    assert not target.scheme and not target.netloc and not target.path.startswith("/"), "links stay relative"
    page = posixpath.normpath(posixpath.join(posixpath.dirname(PAGE), target.path))
    assert page == PAGES[example.calculator], page
    assert re.search(
        rf"""\{{\{{\s*calculator\(["']{example.calculator}["']\)\s*\}}\}}""",
        (DOCS / page).read_text(encoding="utf-8"),
    )
    query = parse_qsl(target.query, keep_blank_values=True)
    assert query[0] == ("calc", example.calculator)
    params = dict(query[1:])
    assert len(params) == len(query) - 1, "a parameter is repeated"
    fields = {f.name for f in CALCULATORS[example.calculator].fields}
    answers = {k: v for k, v in params.items() if not k.startswith("assume.")}
    assume = {k.removeprefix("assume."): v for k, v in params.items() if k.startswith("assume.")}
    assert set(answers) <= fields, set(answers) - fields
    pending = {p.id for p in BOOK.pending_parameters(_date(example))}
    assert set(assume) <= pending, set(assume) - pending
    assert all(v.strip() for v in params.values()), "a blank answer is left out of the link"
    if "date" in answers:
        assert dt.date.fromisoformat(answers["date"]) == _date(example)
    # The link reproduces the example, as the calculator page computes it.
    try:
        got = run(example.calculator, answers, assume, book=BOOK, strict_assume=False)
    except InputError as exc:
        assert not _is_result(example) and list(exc.errors) == [example.case["expected_error"]["field"]]
    else:
        assert _is_result(example) and got.total == _expected(example)["total"]
        assert [c.amount for c in got.components] == list(_expected(example)["components"].values())


def test_links_are_relative_to_the_calling_page() -> None:
    other = _blocks(examples.render(BOOK, page="huong-dan/sau/them/trang.md"))
    for name, block in other.items():
        path = urlsplit(block["button"]["target"]).path
        assert (
            posixpath.normpath(posixpath.join("huong-dan/sau/them", path)) == PAGES[BY_NAME[name].calculator]
        )


# --- anchors and the pages ------------------------------------------------------------------


def _ids(markdown: str) -> list[str]:
    """Heading anchors of a page: explicit `{ #id }`, else the slug of the heading."""
    ids = []
    for m in re.finditer(r"^#{1,6} (.+?)(?: \{ #([\w-]+)[^}]*\})?$", markdown, re.M):
        ids.append(m[2] or slugify(re.sub(r"\{\{.*?\}\}", "", m[1]).strip(), "-"))
    return ids


def test_anchors_are_stable_and_unique() -> None:
    for e in EXAMPLES:
        assert e.anchor == "vi-du-" + e.name.replace("_", "-")
        assert BLOCKS[e.name]["anchor"] == e.anchor
    page = (DOCS / PAGE).read_text(encoding="utf-8")
    ids = _ids(page.split("{{ worked_examples() }}")[0]) + _ids(RENDERED)
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicated, duplicated


def test_links_to_examples_point_at_existing_anchors() -> None:
    page = (DOCS / PAGE).read_text(encoding="utf-8")
    ids = set(_ids(page.split("{{ worked_examples() }}")[0]) + _ids(RENDERED))
    own = re.findall(r"\]\(#([\w-]+)\)", page)
    assert len(own) >= 4
    from_index = re.findall(
        r"\]\(vi-du\.md#([\w-]+)\)", (DOCS / "tap-huan" / "index.md").read_text(encoding="utf-8")
    )
    assert from_index
    missing = sorted(set(own + from_index) - ids)
    assert not missing, f"links to anchors that the examples page does not have: {missing}"


def test_the_examples_page_uses_the_macro_once_after_its_introduction() -> None:
    page = (DOCS / PAGE).read_text(encoding="utf-8")
    assert page.count("{{ worked_examples() }}") == 1
    intro = page.split("{{ worked_examples() }}")[0]
    assert re.search(r"^title: Ví dụ có lời giải$", page, re.M) and "\ndescription: " in page
    assert "{{ checked_on }}" in intro and "Mở máy tính với các số này" in intro


def test_the_trainers_page_links_its_section_and_says_where_figures_come_from() -> None:
    index = (DOCS / "tap-huan" / "index.md").read_text(encoding="utf-8")
    for page in (
        "vi-du.md",
        "to-roi-quyen-loi.md",
        "to-roi-tai-nan.md",
        "to-roi-lien-he.md",
        "khong-co-mang.md",
    ):
        assert f"]({page})" in index, f"tap-huan/index.md does not link {page}"
        assert (DOCS / "tap-huan" / page).is_file()
    assert "{{ checked_on }}" in index and "đang chờ" in index
    assert re.search(r"^## Gợi ý trình tự", index, re.M)


class _Env:
    """Just enough of mkdocs-macros' environment for define_env."""

    def __init__(self, page: str | None) -> None:
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Any] = {}
        self.conf = {"docs_dir": str(DOCS)}
        self.page = type("Page", (), {"file": type("File", (), {"src_uri": page})()})() if page else None

    def macro(self, fn: Any, name: str | None = None) -> Any:
        self.macros[name or fn.__name__] = fn
        return fn


def test_the_macro_renders_the_examples_for_the_calling_page() -> None:
    env = _Env(PAGE)
    macros.define_env(env)
    assert env.macros["worked_examples"]() == RENDERED
    elsewhere = _Env("khac.md")
    macros.define_env(elsewhere)
    assert "](may-tinh/ho-tro-hang-thang.md?calc=monthly&" in elsewhere.macros["worked_examples"]()


def test_a_clean_copy_has_the_golden_cases_the_site_build_reads(tmp_path: Path) -> None:
    copy = clean_copy(tmp_path)
    assert sorted(p.name for p in (copy / "tests" / "golden").glob("*.yaml")) == sorted(
        p.name for p in GOLDEN.glob("*.yaml")
    )
    assert (copy / "tests" / "golden" / "monthly.yaml").read_bytes() == (GOLDEN / "monthly.yaml").read_bytes()
    assert not (copy / "tests" / "test_golden.py").exists(), "only the golden cases are copied from tests/"
    assert (copy / "rates.yaml").is_file() and (copy / "docs" / PAGE).is_file()


def test_a_what_if_the_rates_answer_leaves_the_page() -> None:
    """When a figure an example assumes becomes official (tests/test_maintainer_changes.py), the
    example would show the official figure under a situation that speaks of an assumption: it
    leaves the trainers' page, the others keep consecutive numbers, and the page still renders."""
    shown = examples.load(FROZEN)
    example = next(e for e in shown if e.assume)
    pid = next(iter(example.assume))
    data = load_valid(FROZEN_RATES)
    entry = data["parameters"][pid]["values"][0]
    money = FROZEN.parameter(pid).kind == "money"
    entry.update(value=123456 if money else "1", status="verified", form=FROZEN.parameter(pid).unit)
    book = RateBook.from_dict(data)
    assert examples.answered(book, example)
    blocks = _blocks(examples.render(book, page=PAGE))
    assert example.name not in blocks and len(blocks) == len(shown) - sum(
        examples.answered(book, e) for e in shown
    )
    assert [e.number for e in examples.load(book)] == list(range(1, len(blocks) + 1))


def test_the_working_of_each_example_stays_out_of_the_search_index() -> None:
    """The index is downloaded by every visitor and rebuilt on every full page load: an example
    is found by its situation, answers and result, not by its table and working."""
    computed = [b for b in BLOCKS.values() if "data-total" in b["attrs"]]
    assert computed
    for block in computed:
        lines = block["lines"]
        start = lines.index("<div data-search-exclude markdown>")
        assert any(line.startswith("**Kết quả:**") for line in lines[:start])
        assert any(line.startswith("| Khoản |") for line in lines[start:]), "the working table is excluded"
