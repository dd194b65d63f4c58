"""What the built pages say, checked against the sources (issue 13's line-by-line review).

Each check is cheap and could fail: it reads the built guide (the `built` fixture) or the texts
the pages are made from, and looks for what the review found wrong. The rates come from the
data (`REAL`), never typed here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from books import REAL

from calculators import text
from calculators.core import reading
from calculators.rates.units import kind_of
from calculators.tools.site import figures, handouts

DOCS = Path(__file__).resolve().parents[1] / "docs"
MARK = text.SINGLE_NEWS_REPORT
# An amount, a coefficient or a percentage as the pages write them.
FIGURE = re.compile(r"\d{1,3}(?:\.\d{3})+ đồng|\d+(?:,\d+)? lần mức lương cơ sở|\d+(?:,\d+)?%")


def _text(page: Path) -> str:
    """The visible text of a built page's article (tags out, entities decoded, spaces folded)."""
    raw = page.read_text(encoding="utf-8")
    body = raw[raw.find("<article") : raw.find("</article>")]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r"</?(?:abbr|a|strong|em|span|code)\b[^>]*>", "", body)  # inline: no space
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def pages(built: Path) -> dict[str, str]:
    found = {}
    for page in sorted(built.rglob("index.html")):
        rel = page.parent.relative_to(built).as_posix()
        if rel.startswith(("assets", "search", "404")):
            continue
        found[rel or "."] = _text(page)
    assert len(found) > 20
    return found


# --- where the figures apply -------------------------------------------------------------------


def test_every_page_with_a_figure_says_where_the_figures_apply(pages: dict[str, str]) -> None:
    """Any page that shows an amount, a coefficient or a percentage carries the scope line
    (handouts in their first paragraph), with its link to the merger explanation."""
    where = " ".join(reading.former_territory(REAL).split())
    with_figures = {p: t for p, t in pages.items() if FIGURE.search(t)}
    assert len(with_figures) > 10
    missing = [p for p, t in with_figures.items() if where not in t]
    assert not missing, f"no scope line on: {missing}"


def test_the_scope_line_comes_first_and_links_to_the_merger_page(built: Path) -> None:
    raw = (built / "ho-tro-hang-thang" / "index.html").read_text(encoding="utf-8")
    line = re.search(r'<p class="scope-line"[^>]*>(.*?)</p>', raw, re.S)
    assert line, "no scope line"
    assert raw.index("scope-line") < raw.index("<h2"), "the scope line sits under the title"
    assert 'href="../phan-cong/#sau-hop-nhat"' in line[1]


@pytest.mark.parametrize("name", ["to-roi-quyen-loi", "to-roi-tai-nan", "to-roi-lien-he"])
def test_every_handout_says_where_the_figures_apply(pages: dict[str, str], name: str) -> None:
    assert " ".join(reading.former_territory(REAL).split()) in pages[f"tap-huan/{name}"]


# --- how sure a figure is ----------------------------------------------------------------------


def _single_source_values() -> dict[str, list[str]]:
    """For each figure read in one news report only: how the pages write its value(s)."""
    found: dict[str, list[str]] = {}
    for param in REAL.parameters.values():
        for v in param.values:
            if v.confidence == "single_news_report" and kind_of(param.form_at(v)) != "table":
                found.setdefault(param.id, []).append(text.short(param.form_at(v), v.value))
    return found


def test_some_figures_are_from_one_news_report() -> None:
    """The check below needs some: facts.md lists the coefficient, the bands and more."""
    assert "monthly_support_coefficient" in _single_source_values()


def test_a_page_showing_a_single_news_report_figure_marks_it(pages: dict[str, str]) -> None:
    """Wherever the value of such a figure is written next to its words, the page says "chỉ
    theo một bài báo" (checked for the coefficient, written '0,8 lần mức lương cơ sở')."""
    shown = figures.value(REAL, "monthly_support_coefficient", marked=False)
    assert shown.endswith("lần mức lương cơ sở")
    bare = [p for p, t in pages.items() if shown in t and MARK not in t]
    assert not bare, f"{shown!r} without its mark on {bare}"
    assert sum(shown in t for t in pages.values()) > 3


def test_the_data_page_says_what_was_read_of_each_source(pages: dict[str, str]) -> None:
    data = pages["du-lieu"]
    for source in REAL.sources.values():
        assert source.short in data
    assert "văn bản gốc" in data and "tin báo chí về văn bản" in data
    merger = REAL.sources["NQ-202-2025"]
    assert "202/2025/QH15" in merger.short
    assert text.date(merger.in_force) in data and text.date(merger.applied_from) in data
    plan = REAL.sources["KH-175-2024"]
    assert plan.in_force is None and plan.in_force_note and plan.in_force_note in data


def test_verified_is_defined_as_the_facts_define_it(pages: dict[str, str]) -> None:
    """Read in a public source: the legal text, or a news report of the adopted text."""
    for page in ("du-lieu", "thuat-ngu", "tap-huan/vi-du"):
        said = pages[page]
        assert "văn bản pháp luật" in said or "văn bản gốc" in said, page
        assert "tin báo chí" in said or "bài báo" in said, page
        assert "chỉ theo một bài báo" in said.lower(), page


def test_no_inferred_fact_is_labelled_verified() -> None:
    """An inferred part of a citation, an inferred choice and an inferred band say so."""
    refs = [v.ref for p in REAL.parameters.values() for v in p.values if v.ref.inferred]
    assert refs, "the data has inferred citation parts (facts.md: point a of the 0.8)"
    for ref in refs:
        assert text.reference(ref, REAL).endswith("là suy luận)"), ref
    choices = [
        (name, c) for name, cs in REAL.categories.items() for c in cs.values() if c.status == "inferred"
    ]
    assert choices, "the training levels are an inference (facts.md section 7)"
    from calculators.fields import choices_of
    from calculators.registry import CALCULATORS

    for name, choice in choices:
        field = next(f for c in CALCULATORS.values() for f in c.fields if f.name == name)
        assert choices_of(REAL, field)[choice.key].endswith("(suy luận)")
    from calculators.tools.site import tables

    bands = REAL.parameter("team_size_bands").values[-1].value
    rows = tables.team_sizes(REAL).splitlines()[2:]
    for band, row in zip(bands, rows, strict=True):
        assert ("suy luận" in row) is (band.status == "inferred"), row


# --- the Plan's assignments --------------------------------------------------------------------


def _texts_of(page: str) -> list[str]:
    """The Markdown a page is made of: its file, and the plan's texts or the handout it renders."""
    plan = handouts.load_plan()
    if page == "phan-cong":
        sections = handouts.plan_body_sections(REAL, plan, "phan-cong.md").split("\n### ")
        # The police's own section lists the bodies it chairs with: left out.
        texts = [s for s in sections if not s.startswith("Công an thành phố\n")]
        return [*texts, handouts.plan_bodies(plan), handouts.plan_coordination(plan, "phan-cong.md")]
    if page == "to-roi-lien-he":
        return [handouts.contacts(REAL, plan)]
    if page == "to-roi-tai-nan":
        return [handouts.accident(REAL, plan)]
    return [(DOCS / f"{page}.md").read_text(encoding="utf-8")]


@pytest.mark.parametrize("page", ["phan-cong", "to-roi-lien-he", "to-roi-tai-nan", "bao-hiem", "thuat-ngu"])
def test_only_the_city_police_chairs_anything(page: str) -> None:
    """The Plan uses "chủ trì" for the city police only; it asks ("đề nghị") the social
    insurance office to coordinate. A sentence (or a table cell) with "chủ trì" names no other
    body, unless it says that no one chairs ("không")."""
    plan = handouts.load_plan()
    others = [b["name"] for b in plan["bodies"] if b["id"] != "cong_an_tp"]
    others += ["Bảo hiểm xã hội thành phố", "UBND quận, huyện", "Sở Lao động"]
    for said in _texts_of(page):
        for sentence in re.split(r"[.;|\n]", said):
            if "chủ trì" in sentence.lower() and "không" not in sentence:
                named = [o for o in others if o in sentence]
                assert not named, (named, sentence)


def test_the_assignment_page_reads_as_the_plan(pages: dict[str, str]) -> None:
    said = pages["phan-cong"]
    assert "xin không tiếp tục tham gia" in said
    assert "Công an xã bán chuyên trách" in said
    assert "Mục II của Kế hoạch không ghi số tiền nào" in said
    assert "Mục I của Kế hoạch đặt ra yêu cầu chung" in said, "section I's general task for every body"
    assert "khoản 2 mục I" in pages["tap-huan/to-roi-lien-he"]
    assert "Đề nghị Bảo hiểm xã hội thành phố phối hợp" in said


@pytest.mark.parametrize("page", ["phan-cong", "tap-huan/to-roi-lien-he", "tap-huan/to-roi-tai-nan"])
def test_the_2025_reorganisation_is_said_where_the_plans_bodies_are_listed(
    pages: dict[str, str], page: str
) -> None:
    note = " ".join(handouts.plan_agencies_note(handouts.load_plan()).split())
    assert note in pages[page]


def test_the_merger_pages_do_not_say_every_province_kept_its_old_resolution(pages: dict[str, str]) -> None:
    for page in ("phan-cong", "to-bao-ve"):
        said = pages[page]
        assert "cũng đang áp dụng nghị quyết năm 2024 của từng tỉnh cũ" not in said
        assert "nghị quyết mới" in said, page


# --- the small ones ---------------------------------------------------------------------------


def test_one_date_style(pages: dict[str, str]) -> None:
    """Dates are dd/mm/yyyy: never 5/7/2024 or 05/7/2024."""
    loose = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
    found = [
        (p, m[0]) for p, t in pages.items() for m in loose.finditer(t) if len(m[1]) != 2 or len(m[2]) != 2
    ]
    assert not found, found


def test_one_dash_style_for_agency_names(pages: dict[str, str]) -> None:
    found = [p for p, t in pages.items() if "Lao động - Thương binh" in t]
    assert not found, found


def test_the_data_page_gives_the_days_each_calculator_takes(pages: dict[str, str]) -> None:
    from calculators.registry import CALCULATORS
    from calculators.tools.site.forms import first_day

    said = pages["du-lieu"]
    for name, calc in CALCULATORS.items():
        days = f"{calc.title}: từ {text.date(first_day(REAL, name))} đến {text.date(REAL.meta.covered_until)}"
        assert days in said, days


def test_the_budget_tables_say_they_cover_the_monthly_support_only(pages: dict[str, str]) -> None:
    assert "chỉ tính khoản hỗ trợ hằng tháng" in pages["kinh-phi"]
    assert "Chỉ hỗ trợ hằng tháng" in pages["kinh-phi"], "the table's own heading says so"


def test_the_leaders_extra_is_never_implied_not_owed(pages: dict[str, str]) -> None:
    assert "vẫn được mức hỗ trợ chung" not in pages["hoi-dap"]
    if figures.pending_among(REAL, "title_extra_to_truong"):
        assert "Khoản trợ cấp thêm này có trong Nghị quyết" in pages["hoi-dap"]


def test_no_page_says_a_support_of_unknown_size_pays_a_part(pages: dict[str, str]) -> None:
    """'một phần' only where the share is known (the State's)."""
    said = pages["bao-hiem"]
    assert "thành phố hỗ trợ một phần" not in said
