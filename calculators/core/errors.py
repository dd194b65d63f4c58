"""Input a user can correct: each problem is tied to the field it is about."""

from __future__ import annotations


class InputError(Exception):
    """One or more inputs are wrong. `errors` maps a field name to a Vietnamese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)

    @classmethod
    def on(cls, field: str, message: str) -> InputError:
        return cls({field: message})
