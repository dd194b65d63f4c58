"""Every pending figure, filled in every form its parameter allows, validates and computes right.

For each pending parameter of the frozen rates file and each form under its `forms`, the figure
is filled on the file's text as a maintainer would (tests/rate_edits.py), the rates check must
accept it, and a calculator that uses it must give the amount an independent model of that form
gives: money × how many times it applies; a coefficient × the base salary × times; a percentage
of the named basis (capped where the calculator says so). The figures (base salary, contribution
rates, the State's support) are the frozen file's, typed here as the model.

The forms a parameter may take, and the ones the calculators compute, are also refused when they
do not fit (see tests/test_rates_file.py for the messages).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

import pytest
from books import FROZEN, FROZEN_RATES
from rate_edits import fill, illustrative

from calculators import run
from calculators.rates import RateBook
from calculators.rates.units import BASE_SALARY, form
from calculators.tools.rates_file import check_text

ORIGINAL = FROZEN_RATES.read_text(encoding="utf-8")
BASE_2024 = 2_340_000  # base salary from 2024-07-01 (frozen file)


def half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Use(NamedTuple):
    """Where a parameter shows: a calculator, answers, the component, how many times the rate
    applies, the amounts a percentage may be taken of, and the most the component may be."""

    calculator: str
    answers: dict[str, str]
    component: str
    times: int = 1
    bases: Mapping[str, int] = MappingProxyType({})
    cap: int | None = None


DAY = "2025-08-01"  # after the State's support changed (frozen file: other 20%)
COUNT = 3
# Voluntary social insurance of "other" at an income of 5,000,000: 22% of it is the contribution;
# 22% of the rural poverty line (1,500,000) is what the State's 20% is taken of.
BHXH = {"contribution": 1_100_000, "poverty_line_contribution": 330_000}
BHXH_LEFT = 1_100_000 - 66_000
BHYT_FIRST = 105_300  # 4.5% × 2,340,000
COSTS = 2_000_000
UNINSURED = {"health_insurance": "not_insured", "social_insurance": "not_insured"}

USES: dict[str, Use] = {
    "title_extra_to_truong": Use("monthly", {"role": "to_truong", "training": "none"}, "title_extra"),
    "title_extra_to_pho": Use("monthly", {"role": "to_pho", "training": "none"}, "title_extra"),
    "training_extra_trung_cap": Use(
        "monthly", {"role": "to_vien", "training": "trung_cap"}, "training_extra"
    ),
    "training_extra_cao_dang": Use("monthly", {"role": "to_vien", "training": "cao_dang"}, "training_extra"),
    "training_extra_dai_hoc": Use("monthly", {"role": "to_vien", "training": "dai_hoc"}, "training_extra"),
    "duty_training_day": Use("duty", {"training_days": str(COUNT)}, "training", COUNT),
    "duty_night_shift": Use("duty", {"night_shifts": str(COUNT)}, "night_shift", COUNT),
    "duty_rest_day": Use("duty", {"rest_days": str(COUNT)}, "rest_day", COUNT),
    "duty_heavy_task": Use("duty", {"heavy_tasks": str(COUNT)}, "heavy_task", COUNT),
    "duty_hard_area_day": Use("duty", {"hard_area_days": str(COUNT)}, "hard_area", COUNT),
    "bhxh_local_support": Use(
        "bhxh", {"group": "other", "income": "5000000"}, "local_support", bases=BHXH, cap=BHXH_LEFT
    ),
    "bhyt_local_support": Use(
        "bhyt", {"position": "1"}, "local_support", bases={"contribution": BHYT_FIRST}, cap=BHYT_FIRST
    ),
    "incident_medical_cost_share": Use(
        "incident",
        {**UNINSURED, "kind": "sick_or_injured", "medical_costs": str(COSTS)},
        "medical_costs",
        bases={"costs": COSTS},
        cap=COSTS,
    ),
    "incident_inpatient_food_per_day": Use(
        "incident",
        {**UNINSURED, "kind": "sick_or_injured", "inpatient_days": str(COUNT)},
        "inpatient_food",
        COUNT,
    ),
    "incident_lost_capacity_allowance": Use(
        "incident", {**UNINSURED, "kind": "lost_capacity", "lost_capacity": "35"}, "lost_capacity"
    ),
    "incident_survivor_allowance": Use("incident", {**UNINSURED, "kind": "death"}, "survivor"),
    "incident_funeral_allowance": Use("incident", {**UNINSURED, "kind": "death"}, "funeral"),
}

PENDING = [p.id for p in FROZEN.pending_parameters()]
FILLS = [(pid, f) for pid in PENDING for f in FROZEN.parameter(pid).forms]


def test_every_pending_parameter_has_a_use_here_and_several_forms() -> None:
    assert sorted(USES) == sorted(PENDING)
    assert all(len(FROZEN.parameter(pid).forms) >= 2 for pid in PENDING)


def expected(use: Use, form_key: str, value: Any) -> int:
    """The component's amount by the independent model of the form."""
    shape = form(form_key)
    v = Decimal(str(value))
    if shape.kind == "money":
        amount = use.times * v
    elif shape.basis == BASE_SALARY:
        amount = use.times * v * BASE_2024
    else:
        amount = use.times * v / 100 * use.bases[shape.basis]
    if use.cap is not None:
        amount = min(amount, Decimal(use.cap))
    return half_up(amount)


def filled_book(pid: str, form_key: str, value: Any) -> RateBook:
    data, errors = check_text(fill(ORIGINAL, pid, form_key, value), "rates.yaml")
    assert errors == [], "\n".join(map(str, errors))
    return RateBook.from_dict(data)


@pytest.mark.parametrize("pid,form_key", FILLS, ids=[f"{p}-{f}" for p, f in FILLS])
def test_a_figure_filled_in_any_allowed_form_is_accepted_and_computed(pid: str, form_key: str) -> None:
    shape = form(form_key)
    value = illustrative(shape.kind, shape.is_percent)
    book = filled_book(pid, form_key, value)
    use = USES[pid]
    day = "2024-08-15" if use.calculator in ("monthly", "bhyt") else DAY
    result = run(use.calculator, {"date": day, **use.answers}, book=book)
    component = result.component(use.component)
    assert component.amount == expected(use, form_key, value)
    assert component.status == "verified" and pid not in result.pending
    # The working shows the figure in its form, with its citation.
    shown = [u for s in result.steps for u in s.uses if u.parameter == pid]
    assert shown and shape.name in shown[0].value_text, shown[0].value_text
    assert shown[0].ref_text


def test_a_large_percentage_is_capped_where_a_support_may_not_exceed_what_it_supports() -> None:
    book = filled_book("bhyt_local_support", "vnd_per_month", 1_000_000)
    result = run("bhyt", {"date": "2024-08-15", "position": "1"}, book=book)
    assert result.component("local_support").amount == BHYT_FIRST
    assert result.total == 0
    step = next(s for s in result.steps if s.label == "Thành phố Cần Thơ hỗ trợ")
    assert "không vượt quá số tiền đóng" in step.formula


def test_the_team_adds_leaders_extras_written_in_different_forms() -> None:
    text = fill(ORIGINAL, "title_extra_to_truong", "coefficient_of_base_salary", "0.15")
    text = fill(text, "title_extra_to_pho", "vnd_per_month", 123456)
    data, errors = check_text(text, "rates.yaml")
    assert errors == []
    result = run("team", {"date": "2024-08-15", "households": "820"}, book=RateBook.from_dict(data))
    assert result.component("title_extra").amount == half_up(Decimal("0.15") * BASE_2024) + 123456
    assert result.complete
