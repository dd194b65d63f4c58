"""The printable handouts and the Plan's assignments, without a browser.

The handouts' amounts are the calculators' (and rates.yaml's) on the day the figures were
checked, every pending figure is written "đang chờ" with the provision to consult, and the
contact handout names every body of the Plan's data, which docs/phan-cong.md renders too.
(tests/browser/test_handouts.py prints them: one A4 page each.)
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from books import FROZEN_RATES
from project_copy import clean_copy

from calculators import run, text
from calculators.rates import RateBook
from calculators.tools.rates_file import load_valid
from calculators.tools.site import handouts

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
HANDOUTS = {
    "tap-huan/to-roi-quyen-loi.md": "handout_entitlements",
    "tap-huan/to-roi-tai-nan.md": "handout_accident",
    "tap-huan/to-roi-lien-he.md": "handout_contacts",
}


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    """The frozen rates: these tests check how the handouts show figures, not today's figures."""
    return load_valid(FROZEN_RATES)


@pytest.fixture(scope="module")
def book(data: dict[str, Any]) -> RateBook:
    return RateBook.from_dict(data)


@pytest.fixture(scope="module")
def plan() -> handouts.Plan:
    return handouts.load_plan()


def _filled(data: dict[str, Any], **values: int) -> RateBook:
    """The rate book with some pending figures given a value (as a maintainer would)."""
    changed = copy.deepcopy(data)
    for pid, value in values.items():
        forms = changed["parameters"][pid]["forms"]
        changed["parameters"][pid]["values"][-1].update(value=value, status="verified", form=forms[0])
    return RateBook.from_dict(changed)


def _rows(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]


def _row(markdown: str, label: str) -> list[str]:
    found = [r for r in _rows(markdown) if r[0] in (label, f"**{label}**")]
    assert len(found) == 1, f"no single row for {label!r} in:\n{markdown}"
    return found[0]


def _day(book: RateBook) -> str:
    return book.meta.checked_on.isoformat()


# --- handout 1: entitlements by role -----------------------------------------------------------


def test_entitlements_name_every_role_with_the_calculators_monthly_support(book: RateBook) -> None:
    out = handouts.entitlements(book)
    for key, choice in book.choices("role").items():
        result = run("monthly", {"date": _day(book), "role": key, "training": "none"}, book=book)
        row = _row(out, choice.label)
        assert row[1] == text.money(result.component("base").amount)
        extra = result.component("title_extra")
        if extra.amount is None:
            assert row[2].startswith("**đang chờ** (xem khoản 1 Điều 2 NQ 03/2024)"), row
        else:
            assert "đang chờ" not in row[2], row


def test_entitlements_show_the_date_and_that_they_are_for_reference(book: RateBook) -> None:
    out = handouts.entitlements(book)
    assert f"Thông tin ngày **{text.date(book.meta.checked_on)}**" in out
    assert "không phải văn bản pháp luật" in out
    assert "ghi tắt: NQ 03/2024" in out and "Nghị quyết 03/2024/NQ-HĐND" in out


def test_every_figure_of_the_resolution_is_on_the_entitlements_handout(book: RateBook) -> None:
    """Each parameter the Resolution sets (duty, insurance, incidents) has its row: its amount,
    or 'đang chờ' with the provision to consult."""
    out = handouts.entitlements(book)
    on = book.meta.checked_on
    checked = 0
    for param in book.parameters.values():
        entry = param.at(on)
        if entry is None or entry.ref.source != "NQ-03-2024":
            continue
        if param.group not in ("duty", "bhxh", "bhyt", "incident"):
            continue
        row = _row(out, param.label)
        cite = text.reference(entry.ref, book).replace("Nghị quyết 03/2024/NQ-HĐND", "NQ 03/2024")
        assert row[2] == cite, row
        assert row[1] == ("**đang chờ**" if entry.value is None else text.value(param.unit, entry.value)), row
        checked += 1
    assert checked >= 9


def test_training_extras_and_the_national_insurance_figures_come_from_the_calculators(book: RateBook) -> None:
    out = handouts.entitlements(book)
    day = _day(book)
    for key, choice in book.choices("training").items():
        if choice.parameter:
            c = run("monthly", {"date": day, "role": "to_vien", "training": key}, book=book).component(
                "training_extra"
            )
            shown = "**đang chờ**" if c.amount is None else text.money(c.amount)
            level = choice.label.lower().removeprefix("trình độ ")
            assert f"{level}: {shown}" in out
    assert "các mức trình độ là suy luận" in out, "the training levels are labelled an inference"
    contribution = run("bhxh", {"date": day, "group": "other"}, book=book).component("contribution").amount
    assert f"thấp nhất {text.money(contribution)}/tháng" in out
    bhyt = run("bhyt", {"date": day, "position": "1"}, book=book).component("contribution").amount
    assert f"người thứ nhất {text.money(bhyt)}/tháng" in out
    state = sorted(
        run("bhxh", {"date": day, "group": g}, book=book).component("state_support").amount
        for g in book.choices("group")
    )
    assert f"từ {text.integer(state[0])} đến {text.money(state[-1])}/tháng" in out


def test_a_figure_filled_in_rates_yaml_replaces_its_pending_mark(data: dict[str, Any]) -> None:
    book = _filled(
        data, title_extra_to_truong=500000, duty_night_shift=120000, incident_funeral_allowance=9000000
    )
    out = handouts.entitlements(book)
    assert _row(out, "Tổ trưởng")[2] == "500.000 đồng"
    assert _row(out, "Tổ phó")[2].startswith("**đang chờ**")
    assert _row(out, book.parameter("duty_night_shift").label)[1] == "120.000 đồng/ca"
    assert _row(out, book.parameter("duty_rest_day").label)[1] == "**đang chờ**"
    accident = handouts.accident(book, handouts.load_plan())
    assert _row(accident, "Trợ cấp mai táng")[1] == "9.000.000 đồng"


def test_a_new_base_salary_changes_the_handout(data: dict[str, Any]) -> None:
    changed = copy.deepcopy(data)
    changed["parameters"]["base_salary"]["values"][-1]["value"] = 3000000
    out = handouts.entitlements(RateBook.from_dict(changed))
    assert _row(out, "Tổ viên")[1] == "2.400.000 đồng"
    assert "mức lương cơ sở 3.000.000 đồng" in out


# --- handout 2: after an accident ----------------------------------------------------------------


def test_accident_handout_lists_each_situation_with_pending_support_and_its_clause(
    book: RateBook, plan: handouts.Plan
) -> None:
    out = handouts.accident(book, plan)
    for choice in book.choices("kind").values():
        assert f"**{choice.label}**" in out
    on = book.meta.checked_on
    for param in book.parameters.values():
        if param.group != "incident":
            continue
        row = _row(out, param.label)
        entry = param.at(on)
        assert row[1] == ("**đang chờ**" if entry.value is None else text.value(param.unit, entry.value))
        assert row[2] == text.reference(entry.ref, book).replace("Nghị quyết 03/2024/NQ-HĐND", "NQ 03/2024")


def test_accident_handout_says_whom_to_ask_per_the_plan_and_invents_no_procedure(
    book: RateBook, plan: handouts.Plan
) -> None:
    out = handouts.accident(book, plan)
    guide = next(r for r in plan["coordination"] if r["article"] == 4)
    assert f"**{handouts.body_name(plan, guide['lead'])}**" in out
    assert "điểm c khoản 3 mục II" in out
    assert f"**{handouts.body_name(plan, plan['difficulties']['body'])}**" in out
    assert "**không ghi** thủ tục, hồ sơ hay thời hạn" in out
    assert "Điều 6" in out and "trên đường đi làm nhiệm vụ hoặc trên đường về" in out
    # no deadline of its own: the only dates are the figures', the Resolution's and the merger's
    dates = set(re.findall(r"\d{2}/\d{2}/\d{4}", out))
    assert dates == {
        text.date(d)
        for d in (
            book.meta.checked_on,
            book.sources["NQ-03-2024"].adopted,
            book.sources["NQ-202-2025"].applied_from,
        )
    }


# --- handout 3: contacts, and the Plan's data ----------------------------------------------------


def test_contact_handout_covers_every_body_of_the_plan(book: RateBook, plan: handouts.Plan) -> None:
    out = handouts.contacts(book, plan)
    listed = out.split("## Các cơ quan trong Kế hoạch", 1)[1]
    for body in plan["bodies"]:
        rows = [r for r in _rows(listed) if r[0].startswith(f"**{body['name']}**")]
        assert len(rows) == 1, f"{body['name']} is not listed once among the bodies"
        assert rows[0][1] == " ".join(body["summary"].split())
        assert rows[0][2] == handouts.parts_text(t["part"] for t in body["tasks"])
    named = {b for row in plan["coordination"] for b in (row["lead"], *row["with"])}
    named |= {row["body"] for row in plan["member_questions"]} | {plan["difficulties"]["body"]}
    for bid in named:
        assert handouts.body_name(plan, bid) in out
    assert handouts.plan_advice(book, plan, "member") in out
    assert handouts.plan_advice(book, plan, "unclear") in out


def test_contact_handout_marks_the_bodies_the_plan_only_asks(book: RateBook, plan: handouts.Plan) -> None:
    out = handouts.contacts(book, plan)
    for body in plan["bodies"]:
        marked = f"**{body['name']}** (Kế hoạch “đề nghị”)" in out
        assert marked == bool(body.get("asked")), body["name"]


def test_parts_of_the_plan_are_cited_the_project_way() -> None:
    assert handouts.part_text({"section": "IV", "item": 1, "point": "b"}) == "điểm b khoản 1 mục IV"
    assert handouts.part_text({"section": "III"}) == "mục III"
    assert handouts.part_text({"section": "ket"}) == "đoạn kết"
    parts = [
        {"section": "IV", "item": 1, "point": "c"},
        {"section": "ket"},
        {"section": "II", "item": 1, "point": "c"},
        {"section": "IV", "item": 1, "point": "a"},
        {"section": "IV", "item": 2},
    ]
    assert (
        handouts.parts_text(parts)
        == "điểm c khoản 1 mục II; điểm a, c khoản 1 mục IV; khoản 2 mục IV; đoạn kết"
    )


def test_plan_data_with_an_unknown_body_or_part_is_refused(plan: handouts.Plan) -> None:
    assert handouts.check_plan(plan) == []
    broken = copy.deepcopy(plan)
    broken["coordination"][0]["with"].append("so_khong_co")
    police = next(b for b in broken["bodies"] if b["id"] == "cong_an_tp")
    police["tasks"][0]["part"] = {"section": "V"}
    problems = handouts.check_plan(broken)
    assert any("so_khong_co" in p for p in problems)
    assert any("body cong_an_tp task 1" in p for p in problems)


def test_links_are_made_relative_to_the_page_showing_them(plan: handouts.Plan) -> None:
    assert (
        handouts.relink("[a](kinh-phi.md#x) [b](phan-cong.md#y)", "phan-cong.md")
        == "[a](kinh-phi.md#x) [b](#y)"
    )
    assert handouts.relink("[a](kinh-phi.md#x)", "tap-huan/to-roi.md") == "[a](../kinh-phi.md#x)"
    table = handouts.plan_coordination(plan, "tap-huan/to-roi-lien-he.md")
    assert "](../bao-hiem.md)" in table


def test_phan_cong_renders_the_assignments_from_the_plan_data(book: RateBook, plan: handouts.Plan) -> None:
    """docs/phan-cong.md writes none of the assignments by hand: its tables and its lists by body
    are the macros over plan_tasks.yaml (the same data as the contact handout)."""
    page = (DOCS / "phan-cong.md").read_text(encoding="utf-8")
    for macro in (
        "plan_deadlines()",
        "plan_bodies()",
        "plan_asked_note()",
        "plan_body_sections()",
        "plan_coordination()",
        "plan_difficulties()",
        'plan_advice("member")',
        'plan_advice("unclear")',
    ):
        assert "{{ " + macro + " }}" in page, macro
    source_words = " ".join(page.split())
    for body in plan["bodies"]:
        assert f"### {body['name']}" not in page
        assert " ".join(body["summary"].split()) not in source_words, (
            f"{body['name']}: summary typed in the page"
        )
        for task in body["tasks"]:
            start = " ".join(task["text"].split())[:45]
            assert start not in source_words, f"typed in the page as well as in the data: {start!r}"
    # what the page shows is the plan's data
    sections = handouts.plan_body_sections(book, plan, "phan-cong.md")
    for body in plan["bodies"]:
        assert f"### {body['name']}" in sections
        assert handouts.body_name(plan, body["id"]) in handouts.plan_bodies(plan) or body.get("table_name")
    assert "**trước ngày 20/12/2024**" in sections
    assert "| Trước ngày 20/12/2024 |" in handouts.plan_deadlines(plan)
    assert "[Gặp vướng mắc thì hỏi ai](#vuong-mac)" in sections  # a link to the page itself


@pytest.mark.parametrize("page,macro", HANDOUTS.items())
def test_each_handout_page_is_the_module_in_a_handout_wrapper(page: str, macro: str) -> None:
    source = (DOCS / page).read_text(encoding="utf-8")
    body = source.split("\n---\n", 1)[1]
    assert '<div class="handout" markdown>' in body and body.rstrip().endswith("</div>")
    for call in ("handout_print_hint()", f"{macro}()", "handout_footer()"):
        assert "{{ " + call + " }}" in body


def test_footer_and_print_hint(book: RateBook) -> None:
    line = handouts.footer(book, "https://example.org/tap-huan/to-roi-tai-nan/")
    assert 'href="https://example.org/tap-huan/to-roi-tai-nan/"' in line
    assert text.date(book.meta.checked_on) in line
    assert "Ctrl+P" in handouts.print_hint() and "A4" in handouts.print_hint()
    # Built for this computer (offline bundle, preview): the page's name, not an address nobody
    # else can open; the link still works on the screen.
    local = handouts.footer(book, "http://127.0.0.1:8642/tap-huan/to-roi-tai-nan/", "Tờ rời: khi bị tai nạn")
    assert 'href="http://127.0.0.1:8642/tap-huan/to-roi-tai-nan/"' in local
    assert ">http://127.0.0.1" not in local and "“Tờ rời: khi bị tai nạn”" in local


def test_the_plan_data_is_in_a_copy_of_the_project(tmp_path: Path) -> None:
    """The site is also built from a copy (tests/project_copy.py): the data file must be in it."""
    copied = clean_copy(tmp_path)
    assert (copied / handouts.PLAN_FILE.relative_to(REPO)).is_file()
    assert handouts.load_plan(copied / handouts.PLAN_FILE.relative_to(REPO)) == handouts.load_plan()
