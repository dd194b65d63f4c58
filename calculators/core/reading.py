"""How a result reads to a member: its opening sentence, and what it says while parts are pending.

A member reads the first sentence and the bold total, often nothing else. So the sentence says
what is known and what is not ("Bạn được ít nhất 2.024.000 đồng mỗi tháng; phần trợ cấp thêm
cho Tổ trưởng chưa có mức."), a total with pending parts is never shown bare, and a total of
which nothing is known yet is "chưa tính được", never "0 đồng".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calculators import text
from calculators.rates.book import RateBook

# Who a member asks about a figure still pending (the guide's advice, after Plan 175's closing
# paragraph and the commune police's role at the base).
ASK = "hỏi Công an xã, phường nơi Tổ hoạt động"
RESOLUTION = "NQ-03-2024"
MERGER = "NQ-202-2025"


@dataclass(frozen=True)
class Reading:
    """How one calculator's total reads.

    `sentence` holds `{amount}`: "Bạn được {amount} mỗi tháng". `unknown` opens the sentence
    when nothing can be computed yet: "Chưa tính được số tiền hỗ trợ mỗi tháng". A pending part
    that would lower the total (a support not yet taken off what the member pays) makes the
    known total the most, not the least: `pending_lowers`.
    """

    sentence: str
    unknown: str
    pending_lowers: bool = False
    # When no component applies at all (no days entered, an insurance that excludes the support):
    # said in words, so that "0 đồng" is not read as a refusal.
    none_applies: str = "Không có khoản nào áp dụng cho trường hợp này: xem lý do ở từng khoản."

    def bound(self, open_pending: bool) -> str:
        if not open_pending:
            return ""
        return "nhiều nhất" if self.pending_lowers else "ít nhất"


def lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def listed(items: Sequence[str], last: str = "và") -> str:
    """'A', 'A và B', 'A, B và C' (or 'A, B hoặc C')."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def parts(labels: Sequence[str]) -> str:
    """The pending parts as a sentence names them: 'phần trợ cấp thêm cho Tổ trưởng'."""
    return listed([f"phần {lower_first(label)}" for label in labels])


def headline(
    reading: Reading,
    total: int | None,
    open_labels: Sequence[str],
    assumed_labels: Sequence[str],
    lead: str = "",
    none_applies: bool = False,
) -> str:
    """The result's first sentence (after `lead`, a sentence of its own such as a team's size)."""
    opening = f"{lead} " if lead else ""
    if none_applies:
        return opening + reading.none_applies
    if total is None:
        return f"{opening}{reading.unknown}: {listed([lower_first(x) for x in open_labels])} chưa có mức."
    amount = text.money(total)
    bound = reading.bound(bool(open_labels))
    sentence = reading.sentence.format(amount=f"{bound} {amount}" if bound else amount)
    if open_labels:
        sentence += f"; {parts(open_labels)} chưa có mức"
        if reading.pending_lowers:
            sentence += ", khi có mức thì số này có thể thấp hơn"
    sentence += "."
    if assumed_labels:
        sentence += f" Kết quả dùng mức giả định cho {parts(assumed_labels)}: đây chưa phải mức chính thức."
    return opening + sentence


def pending_ask(ref_text: str) -> str:
    """What a pending line tells the reader to do: the provision, and whom to ask."""
    return f"xem {ref_text}; {ASK}"


def scope(book: RateBook) -> str:
    """Where the figures apply: Resolution 03/2024, most likely only in the former Cần Thơ."""
    return f"Các mức theo {book.sources[RESOLUTION].short} của thành phố Cần Thơ. {former_territory(book)}"


def former_territory(book: RateBook) -> str:
    """The second half of `scope`, for a text that has just named the Resolution."""
    merger = book.sources.get(MERGER)
    since = (merger.applied_from or merger.in_force) if merger is not None else None
    when = f" ({text.date(since)})" if since else ""
    return (
        f"Từ khi thành phố mới sau hợp nhất hoạt động{when}, Nghị quyết này nhiều khả năng chỉ áp "
        "dụng ở địa bàn thành phố Cần Thơ cũ (suy luận)."
    )
