"""Whatever `check-rates` accepts, no calculator crashes on it or gives a negative amount.

Hypothesis writes rates files that look like the real one: each figure kept, made pending, or
given another value in any of its allowed forms, anywhere within the bounds of its form; the
team-size bands given other sizes. Each file goes through the real validator (written as YAML and
read back); for every file it accepts, every calculator runs on the answers of every golden case,
on dates across the covered range. Each run gives a result or a refusal a reader can act on
(InputError), never another exception, and no amount the law cannot make negative is negative.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from decimal import Decimal
from typing import Any

import yaml
from books import FROZEN_RATES
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, InputError, run
from calculators.rates import RateBook
from calculators.rates.units import MAX_DECIMALS, form
from calculators.registry import needs
from calculators.tools import golden
from calculators.tools.rates_file import check_text, load_valid

BASE = load_valid(FROZEN_RATES)
# The answers of the golden cases that compute, each set once whatever its date (a date is drawn).
ANSWERS = list(
    {
        (c.data["calculator"], tuple(sorted((k, str(v)) for k, v in c.data["inputs"].items() if k != "date")))
        for c in golden.cases()
        if c.data["calculator"] in CALCULATORS and "expected" in c.data
    }
)
ANSWERS.sort()
# Figures the calculators cannot do without: the rates check refuses them pending.
KNOWN = set(needs()["known"]) | {
    choice["parameter"]
    for name, need in needs()["categories"].items()
    if need["known"]
    for choice in BASE["categories"][name].values()
    if choice.get("parameter")
}
EXPLORE = os.environ.get("PROPERTIES_EXPLORE") == "1"  # as in test_properties.py: ten times more


def _value(draw: st.DrawFn, form_key: str) -> Any:
    shape = form(form_key)
    if shape.kind in ("money", "count"):
        return draw(st.integers(0, shape.maximum))
    places = draw(st.integers(0, MAX_DECIMALS))
    cents = draw(st.integers(0, int(shape.maximum) * 10**places))
    return str(Decimal(cents).scaleb(-places))


def _as_written(data: dict[str, Any]) -> str:
    """Validated data written back as a rates file (the keys it leaves out when empty put back)."""
    data = copy.deepcopy(data)
    for source in data["sources"].values():
        source.setdefault("adopted", None)
        source.setdefault("in_force", None)
    for choices in data["categories"].values():
        for choice in choices.values():
            choice.setdefault("parameter", None)
    for param in data["parameters"].values():
        if len(param["forms"]) == 1:
            param["unit"] = param.pop("forms")[0]
            for entry in param["values"]:
                entry.pop("form", None)
        for entry in param["values"]:
            for key in [k for k, v in entry.items() if v is None and k != "value"]:
                del entry[key]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_frozen_rates_written_back_are_accepted() -> None:
    assert check_text(_as_written(BASE), "rates.yaml") == (BASE, [])


@st.composite
def accepted_rates(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for pid, param in data["parameters"].items():
        if param["group"] == "context":
            continue
        for entry in param["values"]:
            if param["forms"] == ["household_bands"]:
                for band in entry["value"]:
                    band["max_members"] = draw(st.integers(1, 100))
                    band["max_to_vien"] = draw(st.integers(0, band["max_members"]))
                continue
            what = draw(st.sampled_from(["keep", "value"] if pid in KNOWN else ["keep", "pending", "value"]))
            if what == "pending":
                entry.update(value=None, status="pending", form=None)
                entry.pop("confidence", None)
            elif what == "value":
                form_key = draw(st.sampled_from(param["forms"]))
                entry.update(value=_value(draw, form_key), status="verified", form=form_key)
    checked, _ = check_text(_as_written(data), "rates.yaml")
    assume(checked is not None)
    return checked


def _amounts(result: Any) -> list[int]:
    found = [c.amount for c in result.components if c.amount is not None]
    total = [] if result.total is None else [result.total]
    return [*found, *total, *(o.value for o in result.outputs)]


@settings(
    max_examples=20 * (10 if EXPLORE else 1),
    derandomize=not EXPLORE,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(accepted_rates(), st.data())
def test_no_accepted_rates_file_crashes_a_calculator(data: dict[str, Any], draw: st.DataObject) -> None:
    book = RateBook.from_dict(data)
    span = (book.meta.covered_until - book.meta.covered_from).days
    for name, answers in ANSWERS:
        day = book.meta.covered_from + dt.timedelta(days=draw.draw(st.integers(0, span)))
        try:
            result = run(name, {**dict(answers), "date": day.isoformat()}, book=book, strict_assume=False)
        except InputError:
            continue
        negative = [a for a in _amounts(result) if a < 0]
        assert not negative, (name, answers, day, negative)
