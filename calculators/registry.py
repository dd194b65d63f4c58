"""Every calculator, collected from `calculators.rules`, and the entry point that runs one.

Each module of `calculators.rules` describes itself with a `CALCULATOR` (see
`calculators.calculator`); this module only finds them, in their `order`. `run()` is the single
entry point of the command line and the browser: raw answers (text, as typed) in, a Result out,
or an InputError naming each wrong field.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from calculators import rules
from calculators.calculator import Calculator
from calculators.core.errors import InputError
from calculators.core.result import Result
from calculators.fields import read, read_assumed
from calculators.rates import RateBook, packaged_book


def collect() -> dict[str, Calculator]:
    """The `CALCULATOR` of every module of `calculators.rules`, by name, in their order."""
    found = []
    for info in pkgutil.iter_modules(rules.__path__):
        module = importlib.import_module(f"{rules.__name__}.{info.name}")
        calc = getattr(module, "CALCULATOR", None)
        if isinstance(calc, Calculator):
            found.append(calc)
    found.sort(key=lambda c: (c.order, c.name))
    names = [c.name for c in found]
    if len(set(names)) != len(names):
        raise RuntimeError(f"two calculators share a name: {names}")
    return {c.name: c for c in found}


CALCULATORS: dict[str, Calculator] = collect()


def needs() -> dict[str, Any]:
    """What the calculators need of a rates file, for the rates check.

    `parameters`: each parameter read by name, with the forms every calculator that reads it
    can compute. `categories`: each category of choices, with the keys the calculators rely on,
    the forms a choice's parameter may take (those all of them can compute), and whether those
    figures must be known. `known`: the parameters no calculator can do without.
    """
    params: dict[str, list[str]] = {}
    categories: dict[str, dict[str, Any]] = {}
    known: list[str] = []
    for calc in CALCULATORS.values():
        known += [pid for pid in calc.known if pid not in known]
        for pid, forms in calc.uses.items():
            params[pid] = [f for f in params[pid] if f in forms] if pid in params else list(forms)
        for name, choices in calc.choices.items():
            found = categories.setdefault(name, {"keys": [], "forms": list(choices.forms), "known": False})
            found["keys"] += [k for k in choices.keys if k not in found["keys"]]
            found["forms"] = [f for f in found["forms"] if f in choices.forms]
            found["known"] = found["known"] or choices.known
    return {"parameters": params, "categories": categories, "known": known}


class LenientAssumptions(dict):
    """Assumed values that are used where they apply and ignored where they do not."""

    lenient = True


def run(
    name: str,
    answers: Mapping[str, Any],
    assume: Mapping[str, str] | None = None,
    book: RateBook | None = None,
    strict_assume: bool = True,
) -> Result:
    """Compute calculator `name` from raw answers; InputError names every wrong field.

    With `strict_assume=False` (the browser form), an assumed value the situation does not use
    is ignored rather than refused; it is then not mentioned in the result.
    """
    book = book or packaged_book()
    if name not in CALCULATORS:
        raise InputError.on("calculator", f"Không có máy tính “{name}”. Có: {', '.join(CALCULATORS)}.")
    calc = CALCULATORS[name]
    values = read(calc.fields, answers, book)
    assumed: dict[str, Any] = {}
    problems = []
    for pid, given in (assume or {}).items():
        try:
            assumed[pid] = read_assumed(book, pid, str(given))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise InputError.on("assume", " ".join(problems))
    return calc.compute(book, assume=assumed if strict_assume else LenientAssumptions(assumed), **values)
