"""Turning a rate into money the way its unit says.

A rate written as money (đồng per month, per day, per shift, or once) is multiplied by how many
times it applies; a rate written as a coefficient of the base salary is first multiplied by the
base salary in force. Calculators use this so that a maintainer may enter a pending figure in
whichever form the resolution uses.
"""

from __future__ import annotations

from decimal import Decimal

from calculators import text
from calculators.core.result import Component
from calculators.core.working import Figure, Working

BASE_SALARY = "base_salary"


def scaled(w: Working, cid: str, label: str, fig: Figure, times: int = 1, times_text: str = "") -> Component:
    """`times` × the figure's amount, as a component with its step."""
    prefix = f"{times_text} × " if times_text else ""
    if fig.parameter.unit == "coefficient_of_base_salary":
        base = w.figure(BASE_SALARY)
        return w.component(
            cid,
            label,
            [fig, base],
            lambda k, b: times * k * b,
            lambda k, b: f"{prefix}hệ số {k} × mức lương cơ sở {b}",
        )
    if fig.parameter.kind != "money":
        raise ValueError(f"{fig.id}: unit {fig.parameter.unit} cannot be turned into money")
    return w.component(cid, label, [fig], lambda v: times * v, lambda v: f"{prefix}{v}")


def summed(w: Working, cid: str, label: str, named: list[tuple[str, Figure]]) -> Component:
    """The sum of several monthly amounts (each money or a coefficient of the base salary)."""
    figs = [f for _, f in named]
    coefficient = [f.parameter.unit == "coefficient_of_base_salary" for f in figs]
    for f in figs:
        if not coefficient[figs.index(f)] and f.parameter.kind != "money":
            raise ValueError(f"{f.id}: unit {f.parameter.unit} cannot be turned into money")
    if any(coefficient):
        figs = figs + [w.figure(BASE_SALARY)]

    def compute(*values: Decimal) -> Decimal:
        base = values[-1] if any(coefficient) else Decimal(0)
        return sum((v * base if c else v) for v, c in zip(values, coefficient, strict=True))

    def formula(*shown: str) -> str:
        base = f" × mức lương cơ sở {shown[-1]}" if any(coefficient) else ""
        return " + ".join(
            f"{name} {s}{base if c else ''}"
            for (name, _), s, c in zip(named, shown, coefficient, strict=True)
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


def member_pays(w: Working, contribution: Component, supports: list[Component]) -> tuple[int, str]:
    """What the member pays: the contribution less the supports known so far.

    Returns the amount and the label of the total, which says when a pending support has not
    been taken off yet. Adds the step that shows the subtraction.
    """
    known = [s for s in supports if s.amount is not None]
    pays = contribution.amount - sum(s.amount for s in known)
    unknown = " (chưa trừ phần hỗ trợ chưa có mức)" if len(known) < len(supports) else ""
    w.step(
        "Người tham gia tự đóng",
        " − ".join(text.money(c.amount) for c in [contribution, *known]) + f"{unknown} = {text.money(pays)}",
        amount=pays,
    )
    return pays, "Người tham gia tự đóng mỗi tháng" + unknown
