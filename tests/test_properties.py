"""Property tests of the six calculators (hypothesis).

Over every date the calculators accept and valid answers of every kind, with and without
assumed (what-if) values for pending figures:

- no amount and no total is negative;
- a component that needs a pending figure nobody assumed has no amount (never a silent 0),
  and then the result is incomplete and lists that figure;
- assumed values are marked: they appear in `assumed` and `uses_assumptions` is true;
- supports never exceed the contribution they reduce;
- the amounts agree with an independent model written from the legal facts (base salary, poverty
  line, State support shares, health insurance factors, team bands);
- voluntary social insurance accepts an income if and only if it lies between the limits;
- `run` on arbitrary text either returns a Result or raises InputError, never anything else;
- every result's `to_dict()` is JSON.

The runs are derandomized (the same examples every time, no example database) so the suite is
reproducible and fast; set PROPERTIES_EXPLORE=1 to search with fresh random examples, ten times
as many.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from books import FROZEN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, InputError, Result, run, text
from calculators.rates.units import form
from calculators.rules.bhxh import income_limits

BOOK = FROZEN
EXPLORE = os.environ.get("PROPERTIES_EXPLORE") == "1"


def props(examples: int) -> settings:
    return settings(
        max_examples=examples * (10 if EXPLORE else 1),
        derandomize=not EXPLORE,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


# --- an independent model of the figures, written from the legal facts -----------------------------------

D = dt.date
COVERED_FROM, COVERED_UNTIL = D(2023, 7, 1), D(2027, 12, 31)
RESOLUTION = D(2024, 7, 5)  # adopted; no calculator accepts an earlier date
BASE_SALARY = [(D(2023, 7, 1), 1_800_000), (D(2024, 7, 1), 2_340_000), (D(2026, 7, 1), 2_530_000)]
POVERTY_LINE = [(D(2023, 7, 1), 1_500_000), (D(2027, 1, 1), 2_200_000)]
STATE_SUPPORT = [  # percent of 22% × rural poverty line
    (D(2023, 7, 1), {"poor": 30, "near_poor": 25, "ethnic_minority": 10, "other": 10}),
    (D(2025, 7, 1), {"poor": 50, "near_poor": 40, "ethnic_minority": 30, "other": 20}),
]
BHYT_FACTOR = {1: 100, 2: 70, 3: 60, 4: 50, 5: 40}  # percent of the first member's amount
BANDS = [(0, 3, 1), (350, 6, 4), (750, 7, 5), (1000, 8, 6), (1500, 9, 7), (2000, 10, 8)]


def on(table: list[tuple[dt.date, Any]], day: dt.date) -> Any:
    return [v for start, v in table if start <= day][-1]


def half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def band(households: int) -> tuple[int, int]:
    _, members, to_vien = [b for b in BANDS if b[0] <= households][-1]
    return members, to_vien


def test_model_matches_the_covered_range() -> None:
    assert (BOOK.meta.covered_from, BOOK.meta.covered_until) == (COVERED_FROM, COVERED_UNTIL)


class Case(NamedTuple):
    """A calculator's name, raw answers, assumed values, and the pending figures it will use."""

    name: str
    answers: dict[str, Any]
    assume: dict[str, str]
    used: tuple[str, ...]


# --- strategies ----------------------------------------------------------------------------------

valid_dates = st.dates(RESOLUTION, COVERED_UNTIL)
any_dates = st.dates(D(2022, 1, 1), D(2029, 12, 31))
percents = st.one_of(
    st.integers(0, 100).map(str),
    st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.decimals(0, 100, places=1, allow_nan=False, allow_infinity=False).map(
        lambda d: str(d).replace(".", ",")
    ),  # decimal comma, as typed in Vietnamese
)
money = st.integers(0, 10_000_000).map(str) | st.integers(0, 10_000_000_000).map(str)


def date_text(day: dt.date) -> st.SearchStrategy[str]:
    return st.sampled_from([day.isoformat(), day.strftime("%d/%m/%Y")])


def number(n: int) -> st.SearchStrategy[Any]:
    """A whole number as a user may send it: int or text, maybe padded with spaces."""
    return st.sampled_from([n, str(n), f" {n} "])


def assumed_values(draw: st.DrawFn, pids: list[str]) -> dict[str, str]:
    """Assumed values for a subset of the pending figures the calculation will use."""
    chosen = draw(st.lists(st.sampled_from(pids), unique=True)) if pids else []
    out = {}
    for pid in chosen:
        out[pid] = draw(percents if form(BOOK.parameter(pid).unit).is_percent else money)
    return out


@st.composite
def monthly_case(draw: st.DrawFn, day: dt.date | None = None) -> Case:
    day = day or draw(valid_dates)
    role = draw(st.sampled_from(list(BOOK.choices("role"))))
    training = draw(st.sampled_from(list(BOOK.choices("training"))))
    extras = (BOOK.choices("training")[training].parameter, BOOK.choices("role")[role].parameter)
    used = [p for p in extras if p]
    answers = {"date": draw(date_text(day)), "role": role, "training": training}
    return Case("monthly", answers, assumed_values(draw, used), tuple(used))


DUTY = {
    "training_days": "duty_training_day",
    "night_shifts": "duty_night_shift",
    "rest_days": "duty_rest_day",
    "heavy_tasks": "duty_heavy_task",
    "hard_area_days": "duty_hard_area_day",
}


@st.composite
def duty_case(draw: st.DrawFn, day: dt.date | None = None) -> Case:
    day = day or draw(valid_dates)
    answers: dict[str, Any] = {"date": draw(date_text(day))}
    used = []
    for field, pid in DUTY.items():
        n = draw(st.one_of(st.just(None), st.integers(0, 3), st.integers(0, 1000)))
        if n is not None:
            answers[field] = draw(number(n))
        if n:
            used.append(pid)
    return Case("duty", answers, assumed_values(draw, used), tuple(used))


@st.composite
def bhxh_case(draw: st.DrawFn, day: dt.date | None = None) -> Case:
    day = day or draw(valid_dates)
    within = min(max(day, COVERED_FROM), COVERED_UNTIL)  # any income will do outside the range
    floor, ceiling = on(POVERTY_LINE, within), 20 * on(BASE_SALARY, within)
    group = draw(st.sampled_from(list(STATE_SUPPORT[0][1])))
    answers: dict[str, Any] = {"date": draw(date_text(day)), "group": group}
    income = draw(st.one_of(st.none(), st.integers(floor, ceiling), st.sampled_from([floor, ceiling])))
    if income is not None:
        answers["income"] = draw(st.sampled_from([income, str(income), f"{income:,}".replace(",", ".")]))
    return Case("bhxh", answers, assumed_values(draw, ["bhxh_local_support"]), ("bhxh_local_support",))


@st.composite
def bhyt_case(draw: st.DrawFn, day: dt.date | None = None) -> Case:
    day = day or draw(valid_dates)
    answers = {"date": draw(date_text(day)), "position": draw(number(draw(st.integers(1, 50))))}
    return Case("bhyt", answers, assumed_values(draw, ["bhyt_local_support"]), ("bhyt_local_support",))


@st.composite
def incident_case(draw: st.DrawFn, day: dt.date | None = None) -> Case:
    day = day or draw(valid_dates)
    kind = draw(st.sampled_from(list(BOOK.choices("kind"))))
    costs = draw(st.one_of(st.just(0), st.integers(0, 10_000_000_000)))
    days = draw(st.one_of(st.just(0), st.integers(0, 3660)))
    capacity = draw(st.integers(1, 100) if kind == "lost_capacity" else st.integers(0, 100))
    health = draw(st.sampled_from(list(BOOK.choices("health_insurance"))))
    social = draw(st.sampled_from(list(BOOK.choices("social_insurance"))))
    answers = {
        "date": draw(date_text(day)),
        "kind": kind,
        "health_insurance": health,
        "social_insurance": social,
        "medical_costs": draw(number(costs)),
        "inpatient_days": draw(number(days)),
        "lost_capacity": draw(number(capacity)),
    }
    # Decree 40: costs and food for the uninsured in health (Art. 5), the allowances for the
    # uninsured in social insurance (Art. 6).
    used = []
    if costs and health == "not_insured":
        used.append("incident_medical_cost_share")
    if days and health == "not_insured":
        used.append("incident_inpatient_food_per_day")
    if kind == "lost_capacity" and social == "not_insured":
        used.append("incident_lost_capacity_allowance")
    if kind == "death" and social == "not_insured":
        used += ["incident_survivor_allowance", "incident_funeral_allowance"]
    return Case("incident", answers, assumed_values(draw, used), tuple(used))


@st.composite
def team_case(draw: st.DrawFn, day: dt.date | None = None) -> Case:
    day = day or draw(valid_dates)
    households = draw(
        st.one_of(
            st.integers(1, 2500),
            st.integers(1, 1_000_000),
            st.sampled_from([b[0] for b in BANDS[1:]] + [b[0] - 1 for b in BANDS[1:]]),
        )
    )
    answers: dict[str, Any] = {"date": draw(date_text(day)), "households": draw(number(households))}
    if draw(st.booleans()):
        answers["teams"] = draw(number(draw(st.integers(1, 100_000))))
    if draw(st.booleans()):
        answers["months"] = draw(number(draw(st.integers(1, 120))))
    leaders = ("title_extra_to_truong", "title_extra_to_pho")
    return Case("team", answers, assumed_values(draw, list(leaders)), leaders)


CASE_STRATEGIES = [monthly_case, duty_case, bhxh_case, bhyt_case, incident_case, team_case]
any_valid_case = st.one_of(*(s() for s in CASE_STRATEGIES))


def test_strategies_are_for_calculators_that_exist() -> None:
    """The model covers the six calculators of Resolution 03/2024; a calculator added later is
    covered by its golden cases (and may get a strategy here too)."""
    names = {s.__name__.removesuffix("_case") for s in CASE_STRATEGIES}
    assert len(names) == len(CASE_STRATEGIES) and names <= set(CALCULATORS)


# --- invariants every valid result satisfies ------------------------------------------------------


def check_result(result: Result, assume: dict[str, str]) -> None:
    day = result.date
    amounts = [c.amount for c in result.components]
    assert all(a is None or (isinstance(a, int) and a >= 0) for a in amounts), amounts
    check_reading(result)

    # Pending figures: never counted silently, always listed.
    for c in result.components:
        missing = [p for p in c.parameters if BOOK.parameter(p).at(day).value is None and p not in assume]
        if missing:
            assert c.amount is None, (c.id, missing)
            assert not result.complete
            assert all(p in result.pending for p in missing)
        else:
            assert c.amount is not None, c.id
    used = {p for c in result.components for p in c.parameters}
    assert set(result.pending) <= used
    assert len(set(result.pending)) == len(result.pending)
    assert all(BOOK.parameter(p).at(day).value is None for p in result.pending)
    assert result.complete is (not result.pending)

    # Assumptions: the strategies assume only figures the calculation uses.
    assert set(result.assumed) == set(assume)
    assert set(result.assumed) <= set(result.pending)
    assert result.uses_assumptions is bool(assume)
    for c in result.components:
        if any(p in assume for p in c.parameters):
            assert c.status in ("assumed", "pending"), c.status

    # The total is made of the amounts (when any of it is known).
    if result.total is None:
        return
    known = sum(a for a in amounts if a is not None)
    by_id = {c.id: c.amount for c in result.components}
    if result.calculator == "bhxh":
        supports = by_id["state_support"] + (by_id["local_support"] or 0)
        assert supports <= by_id["contribution"]
        assert result.total == by_id["contribution"] - supports
    elif result.calculator == "bhyt":
        assert (by_id["local_support"] or 0) <= by_id["contribution"]
        assert result.total == by_id["contribution"] - (by_id["local_support"] or 0)
    elif result.calculator == "team":
        assert result.total == known * result.inputs["teams"] * result.inputs["months"]
    else:
        assert result.total == known

    data = result.to_dict()
    json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False))
    assert data["uses_assumptions"] is result.uses_assumptions


def check_reading(result: Result) -> None:
    """How the result reads to a member: a total with pending parts is never bare, a total of
    which nothing is known is "chưa tính được" (never 0 đồng), and the opening sentence says
    which parts are pending."""
    open_pending = [p for p in result.pending if p not in result.assumed]
    known_part = any(c.amount for c in result.components)
    if open_pending and not known_part:
        assert result.total is None, result.total
        assert result.total_text == "chưa tính được"
        assert result.headline.startswith("Chưa tính được") or "Chưa tính được" in result.headline
        assert "0 đồng" not in result.headline.split(":")[0]
    else:
        assert isinstance(result.total, int) and result.total >= 0
    if open_pending and result.total is not None:
        assert result.total_bound in ("ít nhất", "nhiều nhất"), result.total_bound
        assert result.total_text == f"{result.total_bound} {text.money(result.total)}"
        assert result.total_text in result.headline, result.headline
    if not open_pending:
        assert result.total_bound == "" and result.total_text == text.money(result.total)
    for pid in open_pending:
        label = BOOK.parameter(pid).label
        assert (label[0].lower() + label[1:]) in result.headline, (pid, result.headline)
    for o in result.outputs:
        if o.unit == "money" and open_pending:
            assert o.value_text.startswith("ít nhất "), o
    assert result.scope and "Cần Thơ cũ" in result.scope
    # No formula for a figure whose form is not known either (it would imply one).
    for step in result.steps:
        unknown = [
            u for u in step.uses if u.status == "pending" and len(BOOK.parameter(u.parameter).forms) > 1
        ]
        if unknown:
            assert "[chưa có mức]" not in step.formula and "×" not in step.formula, step.formula


@props(300)
@given(any_valid_case)
def test_valid_answers_give_a_sound_result(case: Case) -> None:
    name, answers, assume, _ = case
    check_result(run(name, answers, assume, book=BOOK), assume)


@props(150)
@given(day=any_dates, data=st.data())
def test_dates_accepted_only_from_resolution_to_end_of_range(day: dt.date, data: st.DataObject) -> None:
    strategy = data.draw(st.sampled_from(CASE_STRATEGIES))
    name, answers, assume, _ = data.draw(strategy(day=day))
    if RESOLUTION <= day <= COVERED_UNTIL:
        check_result(run(name, answers, assume, book=BOOK), assume)
    else:
        try:
            run(name, answers, assume, book=BOOK)
        except InputError as exc:
            assert list(exc.errors) == ["date"], exc.errors
        else:
            raise AssertionError(f"{name} accepted {day}")


# --- amounts against the model ----------------------------------------------------------------------


@props(150)
@given(monthly_case())
def test_monthly_support_is_0_8_base_salary(case: Case) -> None:
    name, answers, assume, _ = case
    result = run(name, answers, assume, book=BOOK)
    base = on(BASE_SALARY, result.date)
    assert result.component("base").amount == half_up(Decimal("0.8") * base)
    extras = (("training_extra", "training", answers["training"]), ("title_extra", "role", answers["role"]))
    for cid, category, key in extras:
        pid = BOOK.choices(category)[key].parameter
        expected = 0 if pid is None else (int(assume[pid]) if pid in assume else None)
        assert result.component(cid).amount == expected


@props(150)
@given(team_case())
def test_team_size_and_support_follow_the_bands(case: Case) -> None:
    name, answers, assume, _ = case
    result = run(name, answers, assume, book=BOOK)
    households = int(str(answers["households"]).strip())
    members, to_vien = band(households)
    assert (result.output("max_members").value, result.output("max_to_vien").value) == (members, to_vien)
    per_member = half_up(Decimal("0.8") * on(BASE_SALARY, result.date))
    assert result.component("monthly_support").amount == members * per_member
    if set(assume) == {"title_extra_to_truong", "title_extra_to_pho"}:
        assert result.component("title_extra").amount == sum(int(v) for v in assume.values())
    else:
        assert result.component("title_extra").amount is None


@props(200)
@given(day=valid_dates, data=st.data())
def test_bhxh_income_accepted_iff_within_limits(day: dt.date, data: st.DataObject) -> None:
    floor, ceiling = income_limits(BOOK, day)
    assert (floor, ceiling) == (on(POVERTY_LINE, day), 20 * on(BASE_SALARY, day))
    income = data.draw(
        st.one_of(
            st.integers(0, 60_000_000),
            st.sampled_from([floor - 1, floor, floor + 1, ceiling - 1, ceiling, ceiling + 1]),
        )
    )
    group = data.draw(st.sampled_from(list(STATE_SUPPORT[0][1])))
    answers = {"date": day.isoformat(), "group": group, "income": str(income)}
    if floor <= income <= ceiling:
        result = run("bhxh", answers, book=BOOK)
        assert result.component("contribution").amount == half_up(Decimal(22) * income / 100)
        check_result(result, {})
    else:
        try:
            run("bhxh", answers, book=BOOK)
        except InputError as exc:
            assert list(exc.errors) == ["income"], exc.errors
        else:
            raise AssertionError(f"income {income} accepted outside [{floor}, {ceiling}]")


@props(200)
@given(bhxh_case(), percents)
def test_bhxh_supports_never_exceed_the_contribution(case: Case, local: str) -> None:
    name, answers, _, _ = case
    assume = {"bhxh_local_support": local}
    result = run(name, answers, assume, book=BOOK)
    check_result(result, assume)
    day = result.date
    c = {x.id: x.amount for x in result.components}
    line_contribution = Decimal(22) * on(POVERTY_LINE, day) / 100
    share = on(STATE_SUPPORT, day)[answers["group"]]
    assert c["state_support"] == half_up(share * line_contribution / 100)
    local_share = Decimal(local.replace(",", "."))
    left_to_pay = c["contribution"] - c["state_support"]
    assert c["local_support"] == min(half_up(local_share * line_contribution / 100), left_to_pay)
    assert c["state_support"] + c["local_support"] <= c["contribution"]
    assert result.total >= 0


@props(200)
@given(bhyt_case(), percents | st.none())
def test_bhyt_contribution_and_support(case: Case, local: str | None) -> None:
    name, answers, _, _ = case
    assume = {"bhyt_local_support": local} if local is not None else {}
    result = run(name, answers, assume, book=BOOK)
    check_result(result, assume)
    position = min(int(str(answers["position"]).strip()), 5)
    contribution = half_up(Decimal("4.5") * BHYT_FACTOR[position] * on(BASE_SALARY, result.date) / 10_000)
    assert result.component("contribution").amount == contribution
    support = result.component("local_support").amount
    if local is None:
        assert support is None and result.total == contribution
    else:
        assert support == half_up(Decimal(local.replace(",", ".")) * contribution / 100)
        assert 0 <= support <= contribution


# --- arbitrary text ---------------------------------------------------------------------------------

FIELD_NAMES = sorted({f.name for c in CALCULATORS.values() for f in c.fields})
PARAMETER_IDS = sorted(BOOK.parameters)
weird_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "1e9",
            "1,5",
            "1.5",
            "1.000.000",
            "1 000 000",
            "١٢٣",
            "２０２４-08-15",
            "31/02/2025",
            "2024-7-5",
            "5/7/2024",
            "NaN",
            "Infinity",
            "-0",
            "sNaN",
            "0E+1000000",
            "1" + "0" * 40,
            "9" * 5000,
            "None",
            "null",
            "to_vien",
            "death",
            "\x00",
            "\u00a0",
        ]
    ),
    st.integers(-(10**12), 10**12).map(str),
)


@st.composite
def messy_case(draw: st.DrawFn) -> tuple[str, dict, dict | None]:
    """Valid answers with one kind of mess: any text in some fields, in the assumed values, in
    the assumed figures' names, or in the calculator's name; or all of these at once."""
    name, answers, assume, used = draw(any_valid_case)
    answers, messy_assume = dict(answers), dict(assume)
    mode = draw(st.sampled_from(["fields", "assumed_values", "assumed_names", "name", "all"]))
    if mode in ("fields", "all"):
        for field in draw(st.lists(st.sampled_from(FIELD_NAMES + ["extra"]), min_size=1, max_size=3)):
            answers[field] = draw(weird_text)
        for field in draw(st.lists(st.sampled_from(sorted(answers)), max_size=1, unique=True)):
            del answers[field]
    if mode in ("assumed_values", "all"):
        pending = [p for p in PARAMETER_IDS if BOOK.parameter(p).values[-1].value is None]
        for key in draw(st.lists(st.sampled_from(list(used) or pending), min_size=1, unique=True)):
            messy_assume[key] = draw(weird_text | st.integers(-(10**40), 10**40).map(str))
    if mode in ("assumed_names", "all"):
        for _ in range(draw(st.integers(1, 2))):
            messy_assume[draw(st.sampled_from(PARAMETER_IDS) | st.text(max_size=12))] = draw(weird_text)
    if mode in ("name", "all"):
        name = draw(st.text(max_size=10) | st.sampled_from(list(CALCULATORS)))
    return name, answers, (messy_assume or draw(st.sampled_from([None, {}])))


@props(400)
@given(messy_case())
def test_run_on_any_text_gives_a_result_or_an_input_error(case: tuple[str, dict, dict | None]) -> None:
    name, answers, assume = case
    try:
        result = run(name, answers, assume, book=BOOK)
    except InputError as exc:
        assert exc.errors
        assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in exc.errors.items())
        return
    assert isinstance(result, Result)
    data = result.to_dict()
    json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False))
    assert all(c.amount is None or c.amount >= 0 for c in result.components)
    check_reading(result)
    assert result.uses_assumptions is bool(result.assumed)


@props(200)
@given(
    st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), st.text(max_size=20), max_size=7),
    st.sampled_from(list(CALCULATORS)),
)
def test_run_on_pure_text_answers(answers: dict[str, str], name: str) -> None:
    try:
        result = run(name, answers, book=BOOK)
    except InputError:
        return
    assert isinstance(result, Result)
    json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False)
