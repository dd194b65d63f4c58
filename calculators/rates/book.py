"""The rate book: every source, choice list and dated parameter value, ready to look up.

This is the run-time view of `rates.yaml`. It is built from the plain data the build-time
validator produces (the same data shipped as JSON in the wheel), uses only the standard
library, and never validates: an invalid rates file is stopped before it gets here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calculators.rates.units import COUNT, DECIMAL, MONEY, TABLE, kind_of

STATUSES = ("verified", "inferred", "pending")


@dataclass(frozen=True)
class Reference:
    """Where a figure comes from: a document and, when known, its article, clause and point."""

    source: str
    article: int | None = None
    clause: int | None = None
    point: str | None = None
    # The smallest part that is an inference ("point": the figure was read, not which point
    # holds it); citations say so.
    inferred: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reference:
        return cls(
            data["source"], data.get("article"), data.get("clause"), data.get("point"), data.get("inferred")
        )


@dataclass(frozen=True)
class Source:
    """A legal document or report that a figure cites."""

    id: str
    title: str
    short: str
    issuer: str
    adopted: dt.date | None
    in_force: dt.date | None
    where: str
    note: str | None = None
    read_in: str = "legal_text"  # or "news_report": what the project read
    in_force_note: str | None = None
    applied_from: dt.date | None = None


@dataclass(frozen=True)
class Band:
    """One row of the team-size table: from this many households, at most this many members
    (exactly that many when `exact`)."""

    households_from: int
    max_members: int
    max_to_vien: int
    status: str
    note: str | None = None
    exact: bool = False


Value = int | Decimal | tuple[Band, ...] | None


@dataclass(frozen=True)
class DatedValue:
    """A parameter's value from a date until the next value starts."""

    start: dt.date
    value: Value
    status: str
    ref: Reference
    also: tuple[Reference, ...]
    verified_on: dt.date
    note: str | None = None
    confidence: str | None = None
    until: dt.date | None = None  # last day, when the value ends without a successor
    # The form this value is written in (one of the parameter's forms); None for a pending
    # value whose form is not known yet.
    form: str | None = None


@dataclass(frozen=True)
class Parameter:
    """A named figure of the law (a rate, an amount, a coefficient) with its dated values."""

    id: str
    group: str
    label: str
    label_en: str
    forms: tuple[str, ...]
    values: tuple[DatedValue, ...]

    @property
    def unit(self) -> str:
        """The first of the forms: the one an assumed (what-if) value is read in."""
        return self.forms[0]

    @property
    def kind(self) -> str:
        return kind_of(self.unit)

    def form_at(self, entry: DatedValue) -> str:
        """The form a dated value is written in (the first form while it is not known)."""
        return entry.form or self.unit

    def at(self, on: dt.date) -> DatedValue | None:
        """The value in force on a date; None before the first value or after an `until`."""
        current = None
        for entry in self.values:
            if entry.start <= on:
                current = entry
        if current is not None and current.until is not None and on > current.until:
            return None
        return current

    @property
    def first_date(self) -> dt.date:
        return self.values[0].start


@dataclass(frozen=True)
class Choice:
    """One answer to a multiple-choice input (a role, a training level ...)."""

    key: str
    label: str
    label_en: str
    parameter: str | None
    status: str = "verified"  # "inferred": the sources do not list this choice as such
    note: str | None = None


@dataclass(frozen=True)
class Meta:
    """What the whole file says about itself: dates checked and covered, rounding."""

    title: str
    checked_on: dt.date
    covered_from: dt.date
    covered_until: dt.date
    rounding_to: int
    rounding_mode: str
    rounding_note: str


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _value(unit: str, raw: Any) -> Value:
    if raw is None:
        return None
    kind = kind_of(unit)
    if kind in (MONEY, COUNT):
        return int(raw)
    if kind == DECIMAL:
        return Decimal(str(raw))
    if kind == TABLE:
        return tuple(
            Band(
                r["households_from"],
                r["max_members"],
                r["max_to_vien"],
                r["status"],
                r.get("note"),
                r.get("exact", False),
            )
            for r in raw
        )
    raise ValueError(f"unknown unit kind {kind!r}")


class RateBook:
    """All rates, sources and choice lists, looked up by id."""

    def __init__(
        self,
        meta: Meta,
        sources: dict[str, Source],
        categories: dict[str, dict[str, Choice]],
        parameters: dict[str, Parameter],
    ) -> None:
        self.meta = meta
        self.sources = sources
        self.categories = categories
        self.parameters = parameters

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RateBook:
        """Build the book from validated plain data (the JSON shipped with the package)."""
        m = data["meta"]
        meta = Meta(
            title=m["title"]["vi"],
            checked_on=_date(m["checked_on"]),
            covered_from=_date(m["covered"]["from"]),
            covered_until=_date(m["covered"]["until"]),
            rounding_to=int(m["rounding"]["money_to"]),
            rounding_mode=m["rounding"]["mode"],
            rounding_note=m["rounding"]["note"]["vi"],
        )
        sources = {
            sid: Source(
                sid,
                s["title"],
                s["short"],
                s["issuer"],
                _date(s.get("adopted")),
                _date(s.get("in_force")),
                s["where"],
                s.get("note"),
                s["read_in"],
                s.get("in_force_note"),
                _date(s.get("applied_from")),
            )
            for sid, s in data["sources"].items()
        }
        categories = {
            name: {
                key: Choice(
                    key, c["vi"], c["en"], c.get("parameter"), c.get("status", "verified"), c.get("note")
                )
                for key, c in choices.items()
            }
            for name, choices in data["categories"].items()
        }
        parameters = {}
        for pid, p in data["parameters"].items():
            values = tuple(
                DatedValue(
                    start=_date(v["from"]),
                    value=_value(v.get("form") or p["forms"][0], v.get("value")),
                    status=v["status"],
                    ref=Reference.from_dict(v["ref"]),
                    also=tuple(Reference.from_dict(r) for r in v.get("also") or ()),
                    verified_on=_date(v["verified_on"]),
                    note=v.get("note"),
                    confidence=v.get("confidence"),
                    until=_date(v.get("until")),
                    form=v.get("form"),
                )
                for v in p["values"]
            )
            parameters[pid] = Parameter(
                pid, p["group"], p["label"]["vi"], p["label"]["en"], tuple(p["forms"]), values
            )
        return cls(meta, sources, categories, parameters)

    def parameter(self, pid: str) -> Parameter:
        return self.parameters[pid]

    def choices(self, category: str) -> dict[str, Choice]:
        return self.categories[category]

    def pending_parameters(self, on: dt.date | None = None) -> list[Parameter]:
        """Parameters whose value is still unknown (on a date, or at their latest value)."""
        found = []
        for p in self.parameters.values():
            entry = p.at(on) if on else p.values[-1]
            if entry is not None and entry.status == "pending":
                found.append(p)
        return found
