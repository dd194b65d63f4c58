"""Checking a rates file from end to end: read, parse, validate shape, apply the rules."""

from __future__ import annotations

import copy
import stat
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from calculators.rates.book import RateBook
from calculators.rates.units import DECIMAL, kind_of
from calculators.tools.paths import RATES
from calculators.tools.rates_file import rules
from calculators.tools.rates_file.errors import InvalidRatesFile, RatesError, describe, hidden, visible
from calculators.tools.rates_file.messages import translate
from calculators.tools.rates_file.schema import RatesFile
from calculators.tools.rates_file.yaml_lines import (
    MAX_DEPTH,
    MAX_NODES,
    AliasError,
    DuplicateKeyError,
    TooDeepError,
    TooManyError,
    line_of,
    parse,
    syntax_error_line,
)

MAX_BYTES = 1_000_000
# After this many problems the checker stops listing them and says how many more there are:
# a file that broken is rarely fixed line by line, and a million lines help no one.
MAX_ERRORS = 50
WHOLE_FILE = "toàn bộ tệp"  # the `where` of a problem that is about the file as a whole


def check_bytes(raw: bytes, name: str) -> tuple[dict[str, Any] | None, list[RatesError]]:
    """Validate the bytes of a rates file. Returns (plain data, []) or (None, errors)."""

    def whole(problem: str, fix: str, line: int | None = None) -> tuple[None, list[RatesError]]:
        return None, [RatesError(name, line, "" if line else WHOLE_FILE, problem, fix)]

    if len(raw) > MAX_BYTES:
        return whole(
            f"Tệp quá lớn ({len(raw):,} byte; tối đa {MAX_BYTES:,})".replace(",", "."),
            "Tệp mức hỗ trợ chỉ vài chục KB; kiểm tra xem có dán nhầm nội dung khác vào không.",
        )
    if b"\x00" in raw:
        return whole("Tệp chứa dữ liệu nhị phân, không phải văn bản", "Dùng tệp rates.yaml dạng văn bản.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return whole(
            "Tệp không phải văn bản mã UTF-8",
            "Lưu lại tệp với bảng mã UTF-8 (trình soạn thảo thường có tùy chọn này).",
            line,
        )
    return check_text(text, name)


def _parsed(text: str, name: str) -> tuple[Any, list[RatesError]]:
    """The text read as YAML, or the problem that stops it being read, said for a maintainer."""
    try:
        data = parse(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1
        return None, [
            RatesError(
                name,
                line,
                "",
                f"Khóa '{exc.key}' được viết hai lần trong cùng một nhóm (lần đầu ở dòng {exc.first_line})",
                "Xóa một trong hai dòng, hoặc đổi tên khóa nếu đó là hai mục khác nhau.",
            )
        ]
    except AliasError as exc:
        return None, [
            RatesError(
                name,
                exc.problem_mark.line + 1,
                "",
                "Tệp dùng bí danh YAML (dấu *tên trỏ tới một chỗ đánh dấu &tên)",
                "Viết đầy đủ giá trị ở chỗ này; rates.yaml không dùng dấu & và * của YAML.",
            )
        ]
    except TooManyError as exc:
        return None, [
            RatesError(
                name,
                exc.problem_mark.line + 1,
                "",
                f"Tệp có quá nhiều khóa và giá trị (hơn {MAX_NODES:,}; đến dòng này đã vượt)".replace(
                    ",", "."
                ),
                "Tệp mức hỗ trợ chỉ cần vài nghìn mục; kiểm tra xem có dán nhầm nội dung khác "
                "vào không, hoặc khôi phục bản trước.",
            )
        ]
    except TooDeepError as exc:
        return None, [
            RatesError(
                name,
                exc.problem_mark.line + 1,
                "",
                f"Các nhóm và danh sách lồng nhau quá sâu (quá {MAX_DEPTH} tầng; rates.yaml chỉ cần vài tầng)",
                "Kiểm tra các dấu ngoặc [ ], { } và dấu gạch đầu dòng ở dòng này; khôi phục cấu trúc "
                "theo bản rates.yaml trước.",
            )
        ]
    except yaml.reader.ReaderError as exc:
        return None, [
            RatesError(
                name,
                text.count("\n", 0, exc.position) + 1,
                "",
                f"Dòng này chứa một ký tự điều khiển không được phép (mã #x{exc.character:04x})"
                if isinstance(exc.character, int)
                else "Dòng này chứa một ký tự không được phép",
                "Xóa ký tự lạ ở dòng này (thường do dán từ chương trình khác); "
                "gõ lại dòng đó nếu không thấy ký tự.",
            )
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = syntax_error_line(text, exc)
        if mark is not None and line != mark.line + 1:
            problem += f", phát hiện ở dòng {mark.line + 1}"
        return None, [
            RatesError(
                name,
                line,
                "" if line else WHOLE_FILE,
                f"Lỗi cú pháp YAML ({problem})",
                "Kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu hai chấm sau mỗi khóa "
                "và các dấu ngoặc kép ở dòng này và dòng ngay trên.",
            )
        ]
    except RecursionError:
        return None, [
            RatesError(
                name,
                None,
                WHOLE_FILE,
                "Tệp lồng nhau quá sâu (quá nhiều dấu ngoặc hoặc gạch đầu dòng lồng nhau)",
                "Kiểm tra các dấu ngoặc [ ] và { }; khôi phục cấu trúc tệp theo bản rates.yaml trước.",
            )
        ]
    return data, []


def check_text(text: str, name: str) -> tuple[dict[str, Any] | None, list[RatesError]]:
    """Validate the text of a rates file. Returns (plain data, []) or (None, errors)."""
    if not text.strip():
        return None, [
            RatesError(name, None, WHOLE_FILE, "Tệp trống", "Khôi phục nội dung rates.yaml từ bản trước.")
        ]
    data, errors = _parsed(text, name)
    if errors:
        return None, errors
    if not isinstance(data, dict):
        return None, [
            RatesError(
                name,
                1,
                WHOLE_FILE,
                "Tệp không có dạng nhóm khóa (schema, meta, sources, ...)",
                "Khôi phục cấu trúc tệp theo bản rates.yaml trước.",
            )
        ]
    # Each problem as (line, how to say it): only the first MAX_ERRORS are put into words.
    found: list[tuple[int, Callable[[], RatesError]]] = []

    def add(loc: tuple[Any, ...], say: Callable[[], tuple[str, str]]) -> None:
        line = line_of(data, loc)
        found.append((line or 0, lambda: RatesError(name, line, describe(loc, data), *say())))

    for loc, text in _with_hidden(data):
        add(loc, lambda text=text: _hidden_problem(text))
    rates: RatesFile | None = None
    try:
        rates = RatesFile.model_validate(data, strict=True)
    except ValidationError as exc:
        for err in exc.errors():
            add(tuple(err["loc"]), lambda err=err: translate(err))
    parts = rules.Parts.of(rates) if rates is not None else rules.Parts.salvage(data)
    for loc, problem, fix in rules.check(parts, _calculator_needs()):
        add(loc, lambda problem=problem, fix=fix: (problem, fix))
    if found or rates is None:
        found.sort(key=lambda item: item[0])
        return None, _capped([say() for _, say in found[:MAX_ERRORS]], len(found), name)
    return to_plain(rates), []


def _hidden_problem(text: str) -> tuple[str, str]:
    return (
        f"Có ký tự ẩn ({', '.join(visible(c) for c in dict.fromkeys(hidden(text)))}) trong "
        f"'{visible(text[:60])}'",
        "Xóa các ký tự ẩn: gõ lại đoạn chữ này (ký tự ẩn thường đến từ việc dán chữ từ chương trình khác).",
    )


def _with_hidden(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(location, text) of every key and text of the file holding a character no one can see."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and hidden(key):
                yield loc + (key,), key
            yield from _with_hidden(value, loc + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _with_hidden(value, loc + (i,))
    elif isinstance(node, str) and hidden(node):
        yield loc, node


def _capped(errors: list[RatesError], total: int, name: str) -> list[RatesError]:
    """The first MAX_ERRORS problems, and one line that counts the others."""
    if total <= MAX_ERRORS:
        return errors
    rest = total - MAX_ERRORS
    more = RatesError(
        name,
        None,
        WHOLE_FILE,
        f"Còn {rest} lỗi khác chưa liệt kê",
        "Sửa các lỗi trên rồi chạy lại trình kiểm tra; nếu tệp hỏng nhiều, khôi phục bản trước.",
        hidden_count=rest,
    )
    return [*errors, more]


def check_file(path: str | Path) -> tuple[dict[str, Any] | None, list[RatesError]]:
    """Validate a rates file on disk. A device, a pipe or a folder, or a file over MAX_BYTES, is
    refused before it is read (reading /dev/zero never ends; a pipe may never answer)."""
    path = Path(path)

    def refused(problem: str, fix: str) -> tuple[None, list[RatesError]]:
        return None, [RatesError(str(path), None, WHOLE_FILE, problem, fix)]

    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            return refused("Đây không phải một tệp văn bản thông thường", "Chỉ đường dẫn tới tệp rates.yaml.")
        if found.st_size > MAX_BYTES:
            return refused(
                f"Tệp quá lớn ({found.st_size:,} byte; tối đa {MAX_BYTES:,})".replace(",", "."),
                "Tệp mức hỗ trợ chỉ vài chục KB; kiểm tra xem có dán nhầm nội dung khác vào không.",
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [
            RatesError(
                str(path),
                None,
                WHOLE_FILE,
                f"Không đọc được tệp ({exc.strerror})",
                "Kiểm tra đường dẫn và quyền đọc tệp.",
            )
        ]
    return check_bytes(raw, str(path))


def _validated(raw: bytes, name: str) -> tuple[dict[str, Any] | None, tuple[RatesError, ...]]:
    """check_bytes, once per content: a site build asks from several hooks (each naming the
    file its own way), and `mkdocs serve` rebuilds with the same file until it changes. An
    invalid file is checked again under the name asked for, so that its messages name it."""
    data, errors = _validated_content(raw)
    if errors:
        return None, tuple(check_bytes(raw, name)[1])
    return data, ()


@lru_cache(maxsize=8)
def _validated_content(raw: bytes) -> tuple[dict[str, Any] | None, tuple[RatesError, ...]]:
    data, errors = check_bytes(raw, "rates.yaml")
    return data, tuple(errors)


def load_valid(path: str | Path) -> dict[str, Any]:
    """The plain data of a valid rates file (a fresh copy each call); raises InvalidRatesFile
    listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        data, errors = check_file(path)
    else:
        data, errors = _validated(raw, str(path))
    if errors:
        raise InvalidRatesFile(list(errors))
    assert data is not None
    return copy.deepcopy(data)


def load_book(path: str | Path = RATES) -> RateBook:
    """The rate book of a valid rates file (the repository's rates.yaml by default); raises
    InvalidRatesFile listing every problem. The same content gives the same book."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        return RateBook.from_dict(load_valid(path))
    return _book(raw, str(path))


def _book(raw: bytes, name: str) -> RateBook:
    _, errors = _validated(raw, name)
    if errors:
        raise InvalidRatesFile(list(errors))
    return _book_of(raw)


@lru_cache(maxsize=8)
def _book_of(raw: bytes) -> RateBook:
    data, _ = _validated_content(raw)
    return RateBook.from_dict(copy.deepcopy(data))


def to_plain(rates: RatesFile) -> dict[str, Any]:
    """The validated file as JSON-ready data: dates as text, decimals as text, money as int.

    The run-time book reads every parameter's `forms` (its single `unit` becomes a list of one)
    and, on each value, the `form` it is written in (None for a pending value of a parameter
    with several forms).
    """
    data = rates.model_dump(mode="json", by_alias=True, exclude_none=True)
    for pid, param in data["parameters"].items():
        model = rates.parameters[pid]
        param.pop("unit", None)
        param["forms"] = list(model.allowed)
        for entry, source in zip(param["values"], model.values, strict=True):
            entry.setdefault("value", None)
            entry["form"] = model.form_of(source)
            if entry["value"] is not None and kind_of(entry["form"]) == DECIMAL:
                entry["value"] = str(entry["value"])
    return data


def _calculator_needs() -> dict[str, Any]:
    from calculators.registry import needs

    return needs()
