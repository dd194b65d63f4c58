"""What a calculation returns: components, total, the working, and what is still pending.

A result is plain data. `to_dict()` gives the JSON the command line prints and the browser
reads; both show the same steps, citations, pending parts and assumptions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from calculators.rates.book import Reference
from calculators.text import MEANING
from calculators.text import integer as integer_text
from calculators.text import money as money_text
from calculators.text import status as status_text

# Weakest first: a component is as certain as the least certain figure it uses.
# "not_applicable": the situation needs no rate (no days, no costs), so the amount is 0.
STATUS_ORDER = ("pending", "assumed", "inferred", "verified", "not_applicable")


def weakest(statuses: list[str]) -> str:
    return min(statuses, key=STATUS_ORDER.index) if statuses else "verified"


@dataclass(frozen=True)
class Use:
    """A figure used in a step: which parameter, its value, how certain, and its citation."""

    parameter: str
    label: str
    value: Any
    value_text: str
    status: str
    ref: Reference
    ref_text: str
    also: tuple[tuple[Reference, str], ...] = ()
    note: str | None = None
    confidence: str | None = None  # "single_news_report": read in one news report only

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "label": self.label,
            "value": self.value,
            "value_text": self.value_text,
            "status": self.status,
            "status_text": status_text(self.status, self.confidence),
            "ref": _ref_dict(self.ref, self.ref_text),
            "also": [_ref_dict(r, t) for r, t in self.also],
            "note": self.note,
        }


@dataclass(frozen=True)
class Step:
    """One line of the working: what is computed, the formula with values, and the figures."""

    label: str
    formula: str
    amount: int | None
    uses: tuple[Use, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "formula": self.formula,
            "amount": self.amount,
            "uses": [u.to_dict() for u in self.uses],
        }


@dataclass(frozen=True)
class Component:
    """One amount of the result; `amount` is None while a figure it needs is pending."""

    id: str
    label: str
    amount: int | None
    status: str
    refs: tuple[tuple[Reference, str], ...]
    parameters: tuple[str, ...] = ()
    # Computed from a figure read in one news report only: its status says so.
    confidence: str | None = None

    @property
    def status_text(self) -> str:
        return status_text(self.status, self.confidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "amount": self.amount,
            "status": self.status,
            "status_text": self.status_text,
            "refs": [_ref_dict(r, t) for r, t in self.refs],
            "parameters": list(self.parameters),
        }


@dataclass(frozen=True)
class Output:
    """A further answer beside the amounts (a team's largest size, a yearly budget).

    Typed data, so the browser, the terminal report, the golden cases and the guide all show it
    the same way without knowing which calculator gave it. `unit` is "money" (written in đồng)
    or the noun written after a count ("người").
    """

    id: str
    label: str
    value: int
    unit: str = "money"
    # True for a sum that leaves out parts still pending: it reads "ít nhất …", never bare.
    at_least: bool = False

    @property
    def value_text(self) -> str:
        shown = money_text(self.value) if self.unit == "money" else f"{integer_text(self.value)} {self.unit}"
        return f"ít nhất {shown}" if self.at_least else shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "value_text": self.value_text,
            "at_least": self.at_least,
        }


@dataclass
class Result:
    """The full answer of one calculator for one set of inputs."""

    calculator: str
    title: str
    date: dt.date
    inputs: dict[str, Any]
    components: list[Component]
    # None when nothing of the total can be computed yet (every part pending): never "0 đồng".
    total: int | None
    total_label: str
    complete: bool
    pending: list[str]
    steps: list[Step]
    assumptions: list[str]
    assumed: dict[str, str]
    notes: list[str]
    checked_on: dt.date
    outputs: tuple[Output, ...] = ()
    # The opening sentence: what is known and what is not, in plain words.
    headline: str = ""
    # "ít nhất", "nhiều nhất" before the total while parts are pending (or "").
    total_bound: str = ""
    # Where the figures apply (the former Cần Thơ territory, most likely).
    scope: str = ""
    # A result in parts (a budget's ấp, month by month): an object whose `to_dict()` adds its
    # keys ("rows", "month_totals") to the result's JSON.
    breakdown: Any = None

    def legend(self) -> list[str]:
        """What each mark this result shows means ('suy luận', 'chỉ theo một bài báo' …)."""
        marks = {c.status for c in self.components} | {c.confidence for c in self.components}
        for step in self.steps:
            for use in step.uses:
                marks |= {use.status, use.confidence}
                if use.ref.inferred or any(r.inferred for r, _ in use.also):
                    marks.add("inferred")
        return [meaning for key, meaning in MEANING.items() if key in marks]

    @property
    def total_text(self) -> str:
        """The total as every result shows it: 'ít nhất 2.024.000 đồng', 'chưa tính được'."""
        if self.total is None:
            return "chưa tính được"
        return (f"{self.total_bound} " if self.total_bound else "") + money_text(self.total)

    @property
    def uses_assumptions(self) -> bool:
        return bool(self.assumed)

    def component(self, cid: str) -> Component:
        return next(c for c in self.components if c.id == cid)

    def output(self, oid: str) -> Output:
        return next(o for o in self.outputs if o.id == oid)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "calculator": self.calculator,
            "title": self.title,
            "date": self.date.isoformat(),
            "inputs": self.inputs,
            "components": [c.to_dict() for c in self.components],
            "total": self.total,
            "total_text": self.total_text,
            "total_bound": self.total_bound,
            "total_label": self.total_label,
            "headline": self.headline,
            "scope": self.scope,
            "legend": self.legend(),
            "complete": self.complete,
            "pending": self.pending,
            "steps": [s.to_dict() for s in self.steps],
            "assumptions": self.assumptions,
            "assumed": self.assumed,
            "uses_assumptions": self.uses_assumptions,
            "notes": self.notes,
            "figures_checked_on": self.checked_on.isoformat(),
            "outputs": [o.to_dict() for o in self.outputs],
        }
        if self.breakdown is not None:
            data.update(self.breakdown.to_dict())
        return data


def _ref_dict(ref: Reference, text: str) -> dict[str, Any]:
    return {
        "source": ref.source,
        "article": ref.article,
        "clause": ref.clause,
        "point": ref.point,
        "text": text,
    }
