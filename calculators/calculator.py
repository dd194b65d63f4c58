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
class Calculator:
    """One calculator.

    `uses` are the parameters it reads by name; `choices` the category keys it relies on (a
    choice's own parameter, if any, is read through the category). `order` places it among the
    others wherever they are listed (command line, training examples).
    """

    name: str
    title: str
    summary: str
    order: int
    fields: tuple[Field, ...]
    compute: Callable[..., Result]
    uses: tuple[str, ...]
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
