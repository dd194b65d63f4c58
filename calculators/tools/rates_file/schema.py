"""The shape of `rates.yaml`: which keys exist, and the type of each.

Pydantic checks the shape (unknown keys, missing keys, wrong types, dates that do not parse).
What depends on several places at once (periods in order, a status that matches its value,
citations of defined sources) is checked afterwards by `rules.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from calculators.rates.units import MAX_COUNT, UNITS

MAX_TEAM = 100  # members of one team: beyond it a band is a typo
# Characters of one text (a label, a note, a title): the longest today is about 200; a page-long
# text is a paste gone wrong, and it would overflow every table and result it is shown in.
MAX_TEXT = 2000

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID = r"^[a-z][a-z0-9_]*$"
SOURCE_ID = r"^[A-Z][A-Za-z0-9-]*$"
GROUPS = ("base", "monthly", "duty", "bhxh", "bhyt", "incident", "team", "context")
STATUS = Literal["verified", "inferred", "pending"]


def _parse_date(raw: Any) -> dt.date:
    if raw is None:
        raise PydanticCustomError(
            "bad_date",
            "Ngày bị bỏ trống",
            {"raw": raw, "fix": "Viết ngày theo dạng 2024-07-01 (năm-tháng-ngày), ví dụ from: 2024-07-01."},
        )
    if isinstance(raw, str) and ISO_DATE.match(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise PydanticCustomError(
        "bad_date",
        "'{raw}' không phải là một ngày có thật viết theo dạng NĂM-THÁNG-NGÀY",
        {"raw": raw, "fix": "Viết ngày theo dạng 2024-07-01 (năm-tháng-ngày), ví dụ from: 2024-07-01."},
    )


IsoDate = Annotated[dt.date, BeforeValidator(_parse_date)]


def _schema_version(raw: Any) -> Any:
    # True == 1 in Python: `schema: true` would pass as version 1.
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise PydanticCustomError(
            "bad_schema",
            "'{raw}' không phải số phiên bản của cấu trúc tệp",
            {"raw": raw, "fix": "Ghi schema: 1 (số 1, không ngoặc kép)."},
        )
    return raw


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class Strict(BaseModel):
    """Every model refuses keys it does not know and values of the wrong type."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Bilingual(Strict):
    vi: Text
    en: Text


class Reference(Strict):
    source: Annotated[str, Field(pattern=SOURCE_ID)]
    article: Annotated[int, Field(ge=1)] | None = None
    clause: Annotated[int, Field(ge=1)] | None = None
    point: Annotated[str, Field(pattern=r"^[a-zđ]$")] | None = None
    # The smallest part of the citation that is an inference, not read in a source (the figure
    # was read, but not which point holds it): the site writes "(điểm a là suy luận)".
    inferred: Literal["article", "clause", "point"] | None = None


FormName = Literal[tuple(UNITS)]  # type: ignore[valid-type]


class DatedValue(Strict):
    model_config = ConfigDict(populate_by_name=True)

    from_: IsoDate = Field(alias="from")
    until: IsoDate | None = None
    value: Any = None
    status: STATUS
    # Read in one news report only (facts.md): every place the figure is shown says so.
    confidence: Literal["single_news_report"] | None = None
    ref: Reference
    also: list[Reference] = []
    verified_on: IsoDate
    note: Text | None = None
    # The form the value is written in, when the parameter allows several (see `forms`).
    form: FormName | None = None


class Parameter(Strict):
    """A parameter has one `unit`, or a list of `forms` its official figure may take (a pending
    figure whose text is not known yet: the maintainer picks the form when filling it)."""

    group: Literal[GROUPS]  # type: ignore[valid-type]
    label: Bilingual
    description: Bilingual | None = None
    unit: FormName | None = None
    forms: Annotated[list[FormName], Field(min_length=1)] | None = None
    values: Annotated[list[DatedValue], Field(min_length=1)]

    @property
    def allowed(self) -> tuple[str, ...]:
        """The forms this parameter's values may take."""
        return tuple(self.forms or ([self.unit] if self.unit else []))

    def form_of(self, entry: DatedValue) -> str | None:
        """The form a value is written in: its own, or the parameter's only one."""
        if entry.form is not None:
            return entry.form
        return self.allowed[0] if len(self.allowed) == 1 else None


class Band(Strict):
    households_from: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    max_members: Annotated[int, Field(ge=1, le=MAX_TEAM)]
    max_to_vien: Annotated[int, Field(ge=0, le=MAX_TEAM)]
    status: Literal["verified", "inferred"]
    note: Text | None = None
    # The team has exactly max_members (under 350 households: 3), not at most.
    exact: bool = False


class Source(Strict):
    title: Text
    short: Text
    issuer: Text
    # What the project read: the legal text itself, or a news report of the adopted text.
    read_in: Literal["legal_text", "news_report"]
    adopted: IsoDate | None
    in_force: IsoDate | None
    # Shown instead of "chưa xác minh" when in_force is empty for a known reason (a plan that
    # states no date of its own).
    in_force_note: Text | None = None
    # When what the document sets up starts later than its entry into force (the merged city
    # operates from 01/07/2025; the resolution is in force from 12/06/2025).
    applied_from: IsoDate | None = None
    where: Text
    note: Text | None = None


class Choice(Strict):
    vi: Text
    en: Text
    parameter: Annotated[str, Field(pattern=ID)] | None
    # A choice the sources do not list in so many words (a training level the resolution may
    # not name): `status: inferred` with a `note` saying what is inferred.
    status: Literal["verified", "inferred"] = "verified"
    note: Text | None = None


class Covered(Strict):
    from_: IsoDate = Field(alias="from")
    until: IsoDate
    note: Bilingual


class Rounding(Strict):
    money_to: Literal[1, 10, 100, 1000]
    mode: Literal["half_up", "half_even", "down"]
    note: Bilingual


class Meta(Strict):
    title: Bilingual
    checked_on: IsoDate
    covered: Covered
    rounding: Rounding


class RatesFile(Strict):
    """The whole of `rates.yaml`."""

    schema_: Annotated[Literal[1], BeforeValidator(_schema_version)] = Field(alias="schema")
    meta: Meta
    sources: Annotated[dict[Annotated[str, Field(pattern=SOURCE_ID)], Source], Field(min_length=1)]
    categories: dict[Annotated[str, Field(pattern=ID)], dict[str, Choice]]
    parameters: Annotated[dict[Annotated[str, Field(pattern=ID)], Parameter], Field(min_length=1)]
