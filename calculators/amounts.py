"""Turning a figure into money the way its form says.

A figure written as money (đồng per month, per day, per shift, or once) is multiplied by how
many times it applies; one written as a coefficient of the base salary is first multiplied by
the base salary in force; one written as a percentage of a named basis (the contribution, the
contribution on the rural poverty line, the costs paid) is applied to that amount, which the
calculator gives. So a maintainer fills a pending figure in whichever form the resolution uses
(calculators.rates.units), and each calculator says which forms it can compute for which
figure (its CALCULATOR's `uses` and `choices`); the rates check refuses any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from calculators import text
from calculators.core import reading
from calculators.core.result import Component
from calculators.core.working import Figure, Working
from calculators.rates.units import BASE_SALARY, MONEY, form


@dataclass(frozen=True)
class Basis:
    """An amount of the situation that a percentage may be taken of, as the working names it
    ('số tiền đóng 330.000 đồng'), and the figures it was computed from (cited with it)."""

    amount: int
    text: str
    figures: Sequence[Figure] = ()


def money(
    w: Working,
    cid: str,
    label: str,
    fig: Figure,
    times: int = 1,
    times_text: str = "",
    bases: Mapping[str, Basis] | None = None,
    cap: Basis | None = None,
) -> Component:
    """`times` × the figure's amount in money, as a component with its step.

    `bases` are the amounts a percentage form may be taken of; `cap`, when given, is the most
    the component may be (a support never exceeds what is left to pay).
    """
    if not fig.known and len(fig.parameter.forms) > 1:
        # Neither the figure nor the way it is computed is known: show no formula at all.
        return w.unknown(cid, label, fig, times_text)
    prefix = f"{times_text} × " if times_text else ""
    shape = form(fig.unit)
    figures: list[Figure] = [fig]
    basis: Basis | None = None
    if shape.basis == BASE_SALARY:
        figures.append(w.figure(BASE_SALARY))
    elif shape.kind != MONEY:
        if not bases or shape.basis not in bases:
            # The rates check refuses a form the calculator cannot compute: a programming error.
            raise ValueError(f"{fig.id}: the form {fig.unit} cannot be computed here")
        basis = bases[shape.basis]
        figures += [f for f in basis.figures if f not in figures]

    def amount(v: Decimal, *rest: Decimal) -> Decimal:
        if basis is not None:
            found = times * v / Decimal(100) * basis.amount
        else:
            found = times * v * (rest[0] if shape.basis == BASE_SALARY else 1)
        return found if cap is None else min(found, Decimal(cap.amount))

    def formula(v: str, *rest: str) -> str:
        if basis is not None:
            shown = f"{prefix}{v} × {basis.text}"
        elif shape.basis == BASE_SALARY:
            shown = f"{prefix}hệ số {v} × mức lương cơ sở {rest[0]}"
        else:
            shown = f"{prefix}{v}"
        return shown if cap is None else f"{shown}, không vượt quá {cap.text}"

    return w.component(cid, label, figures, amount, formula)


def summed(w: Working, cid: str, label: str, named: list[tuple[str, Figure]]) -> Component:
    """The sum of several monthly amounts, each money or a coefficient of the base salary."""
    figs = [f for _, f in named]
    coefficient = [form(f.unit).basis == BASE_SALARY for f in figs]
    for f in figs:
        if form(f.unit).kind != MONEY and form(f.unit).basis != BASE_SALARY:
            raise ValueError(f"{f.id}: the form {f.unit} cannot be turned into money")
    if any(coefficient):
        figs = [*figs, w.figure(BASE_SALARY)]

    def compute(*values: Decimal) -> Decimal:
        base = values[-1] if any(coefficient) else Decimal(0)
        return sum((v * base if c else v) for v, c in zip(values, coefficient, strict=False))

    def formula(*shown: str) -> str:
        base = f" × mức lương cơ sở {shown[-1]}" if any(coefficient) else ""
        return " + ".join(
            f"{name} {s}{base if c else ''}"
            for (name, _), s, c in zip(named, shown, coefficient, strict=False)
        )

    return w.component(cid, label, figs, compute, formula)


def nothing(w: Working, cid: str, label: str, why: str, pid: str) -> Component:
    """A component that is 0 because the situation does not call for it (no days, no costs).

    The rate is cited but not counted as used: a pending rate times nothing is not pending.
    """
    return w.fixed(cid, label, 0, why, status="not_applicable", refs=w.refs([w.peek(pid)]))


def of_percent(percent: Decimal) -> Decimal:
    return percent / Decimal(100)


def count_text(n: int, noun: str) -> str:
    return f"{text.integer(n)} {noun}"


def member_pays(w: Working, contribution: Component, supports: list[Component]) -> int:
    """What the member pays: the contribution less the supports known so far.

    Adds the step that shows the subtraction; a support not known yet is named there, so the
    amount reads as the most the member pays (the result says "nhiều nhất").
    """
    known = [s for s in supports if s.amount is not None]
    waiting = [s for s in supports if s.amount is None]
    pays = contribution.amount - sum(s.amount for s in known)
    later = f"; khi có mức, còn trừ thêm {reading.parts([s.label for s in waiting])}" if waiting else ""
    w.step(
        "Người tham gia tự đóng",
        " − ".join(text.money(c.amount) for c in [contribution, *known]) + f" = {text.money(pays)}{later}",
        amount=pays,
    )
    return pays
