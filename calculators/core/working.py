"""One calculation in progress: the rates in force on a date, and a record of how they were used.

Calculators ask the working for figures by parameter id and build components through it, so
that every result carries the same things without each calculator repeating them: the step
with its formula and the citation of every figure, the pending figures, and the assumed values
(what-if) the user supplied for pending ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from calculators import text
from calculators.core import reading
from calculators.core.errors import InputError
from calculators.core.reading import Reading
from calculators.core.result import Component, Output, Result, Step, Use, weakest
from calculators.rates.book import DatedValue, Parameter, RateBook, Reference
from calculators.rates.units import BASE_SALARY, MONEY, form

ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


@dataclass(frozen=True)
class Figure:
    """A parameter's value on the calculation date, with how certain it is."""

    parameter: Parameter
    entry: DatedValue
    value: Any
    status: str  # verified, inferred, pending, or assumed

    @property
    def id(self) -> str:
        return self.parameter.id

    @property
    def unit(self) -> str:
        """The form of the value: the dated value's own, or the first form for an assumed one."""
        return self.parameter.form_at(self.entry)

    @property
    def text(self) -> str:
        return text.value(self.unit, self.value)

    @property
    def short(self) -> str:
        """The value as written inside a formula: '0,8', '4,5%', '2.340.000 đồng'."""
        if self.value is None:
            return "[chưa có mức]"
        return text.short(self.unit, self.value)

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def confidence(self) -> str | None:
        """'single_news_report' for an official figure read in one news report only."""
        return self.entry.confidence if self.entry.value is not None else None


class Working:
    """Collects figures, steps, pending parameters and assumptions for one result."""

    def __init__(self, book: RateBook, on: dt.date, assume: Mapping[str, Any] | None = None) -> None:
        meta = book.meta
        if not meta.covered_from <= on <= meta.covered_until:
            raise InputError.on(
                "date",
                f"Chỉ tính được cho ngày từ {text.date(meta.covered_from)} đến "
                f"{text.date(meta.covered_until)}; ngày {text.date(on)} nằm ngoài khoảng này.",
            )
        self.book = book
        self.on = on
        # A form may still hold a what-if from an earlier answer (say, the leader's extra after
        # switching to Tổ viên): a lenient mapping lets finish() drop it instead of refusing.
        self.lenient = bool(getattr(assume, "lenient", False))
        self.assume = dict(assume or {})
        self.steps: list[Step] = []
        self.pending: list[str] = []
        self.assumed: dict[str, str] = {}
        self.assumptions: list[str] = []
        self.notes: list[str] = []
        self._figures: dict[str, Figure] = {}
        self._seen: dict[str, DatedValue] = {}

    # --- figures ----------------------------------------------------------------------------

    def peek(self, pid: str) -> DatedValue:
        """The dated value in force, without counting it as used (for a component that is 0)."""
        param = self.book.parameter(pid)
        entry = param.at(self.on)
        if entry is None:
            first = param.first_date
            if self.on < first:
                raise InputError.on(
                    "date",
                    f"Ngày {text.date(self.on)} nằm trước ngày {text.date(first)}: chưa có “{param.label}” "
                    f"({text.reference(param.values[0].ref, self.book)}).",
                )
            ended = [v for v in param.values if v.start <= self.on][-1]
            raise InputError.on(
                "date",
                f"Ngày {text.date(self.on)} nằm sau ngày {text.date(ended.until)}, ngày cuối áp dụng "
                f"“{param.label}” theo {text.reference(ended.ref, self.book)}; dữ liệu chưa có mức "
                "nào áp dụng sau ngày đó. Hãy chọn một ngày sớm hơn.",
            )
        self._seen[pid] = entry
        return entry

    def figure(self, pid: str) -> Figure:
        """The value of a parameter on the date. A date before its first value is an input error."""
        if pid in self._figures:
            return self._figures[pid]
        param = self.book.parameter(pid)
        entry = self.peek(pid)
        value, status = entry.value, entry.status
        if value is None:
            self._add_pending(pid)
            if pid in self.assume:
                value, status = self.assume[pid], "assumed"
                shown = text.value(param.unit, value)
                self.assumed[pid] = shown
                self.assumptions.append(
                    f"Giả định “{param.label}” = {shown}. Đây chưa phải mức chính thức "
                    f"({text.reference(entry.ref, self.book)})."
                )
        fig = Figure(param, entry, value, status)
        self._figures[pid] = fig
        return fig

    def _add_pending(self, pid: str) -> None:
        if pid not in self.pending:
            self.pending.append(pid)

    def note_start_of(self, pid: str) -> None:
        """Say so when a figure's document has no verified date of entry into force."""
        param = self.book.parameter(pid)
        entry = param.at(self.on) or param.values[0]
        source = self.book.sources[entry.ref.source]
        if source.in_force is None:
            start = next(v.start for v in param.values if v.ref.source == source.id)
            line = (
                f"Chưa tìm được ngày {source.short} có hiệu lực; dữ liệu tạm tính các mức của văn "
                f"bản này từ ngày {text.date(start)}. Đây là ngày tạm, không phải ngày ghi trong văn bản."
            )
            if line not in self.assumptions:
                self.assumptions.append(line)

    def use(self, fig: Figure) -> Use:
        entry = fig.entry
        return Use(
            parameter=fig.id,
            label=fig.parameter.label,
            value=_plain(fig.value),
            value_text=fig.text,
            status=fig.status,
            ref=entry.ref,
            ref_text=text.reference(entry.ref, self.book),
            also=tuple((r, text.reference(r, self.book)) for r in entry.also),
            note=entry.note,
            confidence=fig.confidence,
        )

    def refs(self, entries: Sequence[Figure | DatedValue]) -> tuple[tuple[Reference, str], ...]:
        """The citations of figures (or dated values), each once, in order."""
        seen: dict[Reference, str] = {}
        for item in entries:
            entry = item.entry if isinstance(item, Figure) else item
            for ref in (entry.ref, *entry.also):
                seen.setdefault(ref, text.reference(ref, self.book))
        return tuple(seen.items())

    # --- arithmetic -------------------------------------------------------------------------

    def round(self, amount: Decimal) -> int:
        """Round money as the rates file says (whole VND, halves up by default)."""
        step = Decimal(self.book.meta.rounding_to)
        mode = ROUNDING[self.book.meta.rounding_mode]
        return int((Decimal(amount) / step).quantize(Decimal(1), rounding=mode) * step)

    # --- components -------------------------------------------------------------------------

    def component(
        self,
        cid: str,
        label: str,
        figures: Sequence[Figure],
        compute: Callable[..., Decimal],
        formula: Callable[..., str],
    ) -> Component:
        """A component computed from figures; unknown (None) while any figure is pending.

        `compute` receives the figures' values as Decimals, `formula` their short texts
        ('0,8', '4,5%', '2.340.000 đồng'), both in the order given; the step shows the formula with the values and the result.
        """
        shown = formula(*(f.short for f in figures))
        if all(f.known for f in figures):
            amount: int | None = self.round(compute(*(Decimal(f.value) for f in figures)))
            line = f"{shown} = {text.money(amount)}"
        else:
            amount = None
            missing = ", ".join(f"“{f.parameter.label}”" for f in figures if not f.known)
            if any(len(f.parameter.forms) > 1 for f in figures if not f.known):
                # Not even the form is known: a formula would imply one.
                line = f"chưa tính được vì chưa có mức {missing}, cũng chưa biết văn bản ghi theo cách nào"
            else:
                line = f"{shown}: chưa tính được vì chưa có mức {missing}"
        self.steps.append(Step(label, line, amount, tuple(self.use(f) for f in figures)))
        return Component(
            cid,
            label,
            amount,
            weakest([f.status for f in figures]),
            self.refs(figures),
            tuple(f.id for f in figures),
            _confidence(figures),
        )

    def unknown(self, cid: str, label: str, fig: Figure, known: str = "") -> Component:
        """A component whose figure is pending in a form not known yet: no formula is shown,
        since none is known. The step says what is known (`known`: '3 ngày') and what is not."""
        kinds = reading.listed(list(dict.fromkeys(_kind_word(k) for k in fig.parameter.forms)), "hoặc")
        line = f"{known}; " if known else ""
        line += f"chưa tính được: chưa có mức, cũng chưa biết mức này là {kinds}"
        self.steps.append(Step(label, line, None, (self.use(fig),)))
        return Component(cid, label, None, "pending", self.refs([fig]), (fig.id,))

    def fixed(
        self,
        cid: str,
        label: str,
        amount: int,
        why: str,
        figures: Sequence[Figure] = (),
        status: str = "verified",
        refs: tuple[tuple[Reference, str], ...] = (),
    ) -> Component:
        """A component whose amount follows from the situation, not from a rate (often 0)."""
        self.steps.append(
            Step(label, f"{why} = {text.money(amount)}", amount, tuple(self.use(f) for f in figures))
        )
        return Component(
            cid,
            label,
            amount,
            status,
            refs or self.refs(figures),
            tuple(f.id for f in figures),
            _confidence(figures),
        )

    def step(
        self, label: str, formula: str, figures: Sequence[Figure] = (), amount: int | None = None
    ) -> None:
        """A line of working that is not a component (a limit, a choice, an intermediate)."""
        self.steps.append(Step(label, formula, amount, tuple(self.use(f) for f in figures)))

    def merge(self, other: Working, heading: str) -> None:
        """Take in the working of the same calculation at another date (a later month of a
        budget): its steps, headed by the period they belong to, its pending figures, assumed
        values, assumptions and notes, each once."""
        # A step the same in an earlier period (a figure still pending) is not repeated.
        said = {(s.label.split(": ", 1)[-1], s.formula) for s in self.steps}
        self.steps += [
            dataclasses.replace(s, label=f"{heading}: {s.label}")
            for s in other.steps
            if (s.label, s.formula) not in said
        ]
        for pid in other.pending:
            self._add_pending(pid)
        self.assumed.update(other.assumed)
        self.assumptions += [a for a in other.assumptions if a not in self.assumptions]
        self.notes += [n for n in other.notes if n not in self.notes]
        for pid, entry in other._seen.items():
            # An assumed value is used where the figure is pending: that date's entry is kept.
            if pid not in self._seen or entry.value is None:
                self._seen[pid] = entry

    # --- finishing --------------------------------------------------------------------------

    def finish(
        self,
        calculator: str,
        title: str,
        inputs: dict[str, Any],
        components: list[Component],
        total_label: str,
        reading_: Reading | None = None,
        total: int | None = None,
        outputs: Sequence[Output] = (),
        lead: str = "",
        breakdown: Any = None,
    ) -> Result:
        """The result, with its opening sentence (`reading_` says how its total reads, by default
        "<total label>: <amount>"; `lead` is a sentence put before it, such as a team's size).

        An assumed value is refused when this calculator never looks at that parameter, or when
        the parameter has an official value on the date. One for a pending figure that the
        situation happened not to need (a count of 0) is accepted and simply not used.
        """
        unused = [pid for pid in self.assume if pid not in self._seen]
        known = [pid for pid in self.assume if pid in self._seen and self._seen[pid].value is not None]
        if (unused or known) and not self.lenient:
            parts = []
            if unused:
                parts.append(f"máy tính này không dùng {', '.join(unused)}")
            if known:
                parts.append(f"{', '.join(known)} đã có mức chính thức vào ngày này")
            raise InputError.on(
                "assume",
                "Chỉ được giả định mức cho các khoản còn chờ mà máy tính này cần: " + "; ".join(parts) + ".",
            )
        reading_ = reading_ or Reading(
            f"{total_label}: {{amount}}", f"Chưa tính được {reading.lower_first(total_label)}"
        )
        open_pending = [pid for pid in self.pending if pid not in self.assumed]
        if total is None:
            total = sum(c.amount for c in components if c.amount is not None)
        if open_pending and not any(c.amount for c in components if c.amount):
            total = None  # every part that applies is pending: nothing is known of the total
        label_of = {pid: self.book.parameter(pid).label for pid in self.pending}
        headline = reading.headline(
            reading_,
            total,
            [label_of[pid] for pid in open_pending],
            [label_of[pid] for pid in self.pending if pid in self.assumed],
            lead,
            none_applies=bool(components) and all(c.status == "not_applicable" for c in components),
        )
        return Result(
            calculator=calculator,
            title=title,
            date=self.on,
            inputs=inputs,
            components=components,
            total=total,
            total_label=total_label,
            complete=not self.pending,
            pending=list(self.pending),
            steps=list(self.steps),
            assumptions=list(self.assumptions),
            assumed=dict(self.assumed),
            notes=list(self.notes),
            checked_on=self.book.meta.checked_on,
            outputs=tuple(outputs),
            breakdown=breakdown,
            headline=headline,
            total_bound=reading_.bound(bool(open_pending)) if total is not None else "",
            scope=reading.scope(self.book),
        )


def _confidence(figures: Sequence[Figure]) -> str | None:
    """A component computed from a figure read in one news report only carries that mark."""
    return "single_news_report" if any(f.confidence == "single_news_report" for f in figures) else None


def _kind_word(key: str) -> str:
    """What kind of figure a form holds, as a sentence names it."""
    shape = form(key)
    if shape.kind == MONEY:
        return "một số tiền"
    if shape.basis == BASE_SALARY:
        return "một hệ số của mức lương cơ sở"
    return "một tỷ lệ phần trăm"


def _plain(value: Any) -> Any:
    """A figure's value as JSON data: text for numbers (exact), rows for a table."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return [dataclasses.asdict(row) for row in value]
    return str(value)
