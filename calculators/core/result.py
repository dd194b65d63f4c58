"""What a calculation returns: components, total, the working, and what is still pending.

A result is plain data. `to_dict()` gives the JSON the command line prints and the browser
reads; both show the same steps, citations, pending parts and assumptions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from calculators.rates.book import Reference
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "label": self.label,
            "value": self.value,
            "value_text": self.value_text,
            "status": self.status,
            "status_text": status_text(self.status),
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "amount": self.amount,
            "status": self.status,
            "status_text": status_text(self.status),
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

    @property
    def value_text(self) -> str:
        return money_text(self.value) if self.unit == "money" else f"{integer_text(self.value)} {self.unit}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "value_text": self.value_text,
        }


@dataclass
class Result:
    """The full answer of one calculator for one set of inputs."""

    calculator: str
    title: str
    date: dt.date
    inputs: dict[str, Any]
    components: list[Component]
    total: int
    total_label: str
    complete: bool
    pending: list[str]
    steps: list[Step]
    assumptions: list[str]
    assumed: dict[str, str]
    notes: list[str]
    checked_on: dt.date
    outputs: tuple[Output, ...] = ()

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
            "total_label": self.total_label,
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
        return data


def _ref_dict(ref: Reference, text: str) -> dict[str, Any]:
    return {
        "source": ref.source,
        "article": ref.article,
        "clause": ref.clause,
        "point": ref.point,
        "text": text,
    }
