"""Writing numbers, dates and legal citations the Vietnamese way.

1872000 → "1.872.000 đồng"; Decimal("4.5") → "4,5"; a reference → "điểm a khoản 1 Điều 2
Nghị quyết 03/2024/NQ-HĐND" (smallest part first, as Vietnamese legal texts cite).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from calculators.rates.units import COUNT, DECIMAL, MONEY, TABLE, form, kind_of, unit_name

if TYPE_CHECKING:
    from calculators.rates.book import RateBook, Reference


STATUS = {
    "verified": "đã xác minh",
    "inferred": "suy luận",
    "pending": "đang chờ",
    "assumed": "giả định",
    "not_applicable": "không áp dụng",
}


# A figure read in one news report only (confidence: single_news_report): said wherever it shows.
SINGLE_NEWS_REPORT = "chỉ theo một bài báo"
# What each mark means, for the reader who meets it in a result (only the marks it shows).
MEANING = {
    "pending": "“Chưa có mức”, “đang chờ”: văn bản có khoản này nhưng chưa tìm được con số.",
    "inferred": (
        "“Suy luận”: chúng tôi suy ra từ thông tin đã xác minh, bằng phép tính hoặc lập luận "
        "thông thường; chưa thấy ghi trực tiếp trong văn bản."
    ),
    "single_news_report": (
        "“Chỉ theo một bài báo”: con số mới đọc được ở một bài báo, chưa đối chiếu được với văn bản gốc."
    ),
    "assumed": "“Giả định”: mức do bạn nhập để xem thử, chưa phải mức chính thức.",
    "not_applicable": "“Không áp dụng”: trường hợp này không có khoản đó, nên là 0 đồng.",
}


def status(key: str, confidence: str | None = None) -> str:
    """Vietnamese word for how certain a figure is; 'đã xác minh (chỉ theo một bài báo)'."""
    word = STATUS.get(key, key)
    return f"{word} ({SINGLE_NEWS_REPORT})" if confidence == "single_news_report" else word


def integer(n: int) -> str:
    """1872000 → '1.872.000'."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def money(n: int | None) -> str:
    """1872000 → '1.872.000 đồng'; None → 'chưa có mức'."""
    return "chưa có mức" if n is None else f"{integer(n)} đồng"


def decimal(d: Decimal | int) -> str:
    """Decimal('0.80') → '0,8'; Decimal('22') → '22'; thousands grouped with dots."""
    d = Decimal(d)
    if d == d.to_integral_value():
        return integer(int(d))
    whole, _, frac = f"{d.normalize():f}".partition(".")
    return f"{integer(int(whole))},{frac}"


def percent(d: Decimal | int) -> str:
    return f"{decimal(d)}%"


def date(d: dt.date) -> str:
    """2024-08-15 → '15/08/2024'."""
    return d.strftime("%d/%m/%Y")


def value(unit: str, v: Any) -> str:
    """A parameter value with its unit, or 'chưa có mức' when unknown."""
    if v is None:
        return "chưa có mức"
    kind = kind_of(unit)
    if kind == MONEY:
        return f"{integer(int(v))} {unit_name(unit)}"
    if form(unit).is_percent:
        return f"{decimal(v)}{unit_name(unit)}"
    if kind == DECIMAL:
        return f"{decimal(v)} {unit_name(unit)}"
    if kind == COUNT:
        return integer(int(v))
    if kind == TABLE:
        return f"bảng {len(v)} mức"
    return str(v)


def short(unit: str, v: Any) -> str:
    """A value as written inside a formula or a sentence: '0,8', '22%', '2.340.000 đồng'."""
    kind = kind_of(unit)
    if kind == MONEY:
        return money(int(v))
    if form(unit).is_percent:
        return percent(v)
    if kind == DECIMAL:
        return decimal(v)
    return value(unit, v)


def reference(ref: Reference, book: RateBook) -> str:
    """'điểm a khoản 1 Điều 2 Nghị quyết 03/2024/NQ-HĐND'."""
    parts = []
    if ref.point:
        parts.append(f"điểm {ref.point}")
    if ref.clause:
        parts.append(f"khoản {ref.clause}")
    if ref.article:
        parts.append(f"Điều {ref.article}")
    source = book.sources.get(ref.source)
    parts.append(source.short if source else ref.source)
    cited = " ".join(parts)
    if ref.inferred:
        word = {"point": "điểm", "clause": "khoản", "article": "Điều"}[ref.inferred]
        cited += f" ({word} {getattr(ref, ref.inferred)} là suy luận)"
    return cited
