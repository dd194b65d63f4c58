"""calculators.browser: the JSON entry point the Web Worker calls in Pyodide."""

from __future__ import annotations

import json

from books import FROZEN

from calculators import run
from calculators.browser import compute

BOOK = FROZEN


def _call(name: str, answers: dict, assume: dict | None = None) -> dict:
    return json.loads(compute(name, json.dumps(answers), json.dumps(assume or {}), book=BOOK))


def test_a_result_carries_everything_the_page_draws() -> None:
    out = _call("monthly", {"date": "15/08/2024", "role": "to_vien", "training": "none"})["ok"]
    assert out["total"] == 1872000 and out["total_text"] == "1.872.000 đồng"
    assert [c["amount_text"] for c in out["components"]] == ["1.872.000 đồng", "0 đồng", "0 đồng"]
    assert out["date_text"] == "15/08/2024"
    assert {r["name"] for r in out["input_texts"]} == {"date", "role", "training"}


def test_errors_come_back_by_field_never_as_an_exception() -> None:
    out = _call("monthly", {"date": "2024-02-30", "role": "<script>", "training": ""})
    assert set(out["errors"]) == {"date", "role", "training"}
    assert "<script>" in out["errors"]["role"]  # quoted as text; the page never renders it as HTML
    assert _call("monthly", {})["errors"]
    assert json.loads(compute("monthly", "not json", "{}", book=BOOK))["errors"] == {
        "form": "Dữ liệu gửi lên không đọc được. Hãy tải lại trang."
    }


def test_a_what_if_left_from_an_earlier_answer_is_ignored_not_refused() -> None:
    # A leader's extra assumed, then the member switched to Tổ viên: the form still holds it.
    out = _call(
        "monthly",
        {"date": "2024-08-15", "role": "to_vien", "training": "none"},
        {"title_extra_to_truong": "500000"},
    )["ok"]
    assert out["total"] == 1872000 and out["uses_assumptions"] is False and out["assumed"] == {}
    used = _call(
        "monthly",
        {"date": "2024-08-15", "role": "to_truong", "training": "none"},
        {"title_extra_to_truong": "500000"},
    )["ok"]
    assert used["uses_assumptions"] is True and used["total"] == 2372000
    assert used["pending_details"][0]["assumed"] == "500.000 đồng/tháng"


def test_the_command_line_still_refuses_an_unused_what_if() -> None:
    import pytest

    from calculators import InputError

    with pytest.raises(InputError) as caught:
        run(
            "monthly",
            {"date": "2024-08-15", "role": "to_vien", "training": "none"},
            {"title_extra_to_truong": "500000"},
            book=BOOK,
        )
    assert set(caught.value.errors) == {"assume"}


def test_a_wrong_choice_names_the_choices_as_the_form_shows_them() -> None:
    """A hand-edited link with a wrong role: the reader sees the labels of the form first; the
    keys follow, for the command line."""
    message = _call("monthly", {"date": "15/08/2024", "role": "sep", "training": "none"})["errors"]["role"]
    assert "Hãy chọn Tổ trưởng, Tổ phó hoặc Tổ viên" in message
    assert message.index("Tổ viên") < message.index("to_truong")
    assert message.endswith("(trên dòng lệnh: to_truong, to_pho, to_vien).")


def test_a_link_that_gives_a_field_twice_is_refused_field_by_field() -> None:
    """Which value was meant? The page does not pick one: it asks, naming the field."""
    out = _call("monthly", {"date": "15/08/2024", "role": ["to_vien", "to_truong"], "training": "none"})
    assert set(out["errors"]) == {"role"}
    assert "“Chức danh trong Tổ” 2 lần" in out["errors"]["role"] and "“to_truong”" in out["errors"]["role"]
    twice = _call(
        "monthly",
        {"date": "15/08/2024", "role": "to_truong", "training": "none"},
        {"title_extra_to_truong": ["1", "2"]},
    )
    assert set(twice["errors"]) == {"assume"} and "title_extra_to_truong" in twice["errors"]["assume"]


def test_echoed_text_is_short_and_shows_hidden_characters_by_their_code() -> None:
    message = _call(
        "monthly", {"date": "15/08/2024", "role": "a\nb\u202e\u001b[31m" + "x" * 80, "training": "none"}
    )
    role = message["errors"]["role"]
    assert "\n" not in role and "\u202e" not in role and "\u001b" not in role
    assert "\\u000a" in role and "\\u202e" in role and "…" in role
