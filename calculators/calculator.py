"""What a calculator is: its name, title, questions, the figures it uses and its function.

Each module of `calculators.rules` describes itself with one `CALCULATOR`; the registry only
collects them. Everything else (the command line, the browser form, the golden cases, the
rates check, the guide) reads these descriptions, so a new calculator is its own module, its
golden cases, its page and a line of navigation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from calculators.core.result import Result
from calculators.fields import Field


@dataclass(frozen=True)
class Choices:
    """What a calculator needs of a category of choices: the keys it relies on, and the forms
    it can compute for the parameter a choice points to (none: its choices carry no figure)."""

    keys: tuple[str, ...]
    forms: tuple[str, ...] = ()
    known: bool = False  # the choices' figures may never be pending


@dataclass(frozen=True)
class Calculator:
    """One calculator.

    `uses` maps each parameter it reads by name to the forms it can compute that parameter in
    (calculators.rates.units); `choices` says the same of its categories of choices. The rates
    check refuses a file whose figures take any other form, so whatever it accepts computes.
    `known` lists the figures it cannot compute without (a contribution rate, the base salary
    an income limit is built on): the rates check refuses them pending. `order` places the
    calculator among the others wherever they are listed (command line, training examples).
    """

    name: str
    title: str
    summary: str
    order: int
    fields: tuple[Field, ...]
    compute: Callable[..., Result]
    uses: Mapping[str, tuple[str, ...]]
    choices: Mapping[str, Choices] = field(default_factory=dict)
    known: tuple[str, ...] = ()
