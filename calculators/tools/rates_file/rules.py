"""The rules a well-shaped rates file must also keep.

Each rule looks at the validated file and yields (location, problem, fix). Together they refuse
what loose parameter files have let through elsewhere: periods out of order or overlapping, a
status that contradicts its value, money that is not whole VND, citations of sources that are
not defined, and figures the calculators need but the file lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter, ValidationError

from calculators.rates.units import COUNT, DECIMAL, MAX_DECIMALS, MONEY, TABLE, form, kind_of
from calculators.tools.rates_file.schema import (
    Band,
    Choice,
    DatedValue,
    Meta,
    Parameter,
    RatesFile,
    Reference,
)

Finding = tuple[tuple[Any, ...], str, str]
DECIMAL_TEXT = re.compile(rf"^\d{{1,15}}(\.\d{{1,{MAX_DECIMALS}}})?$")
BANDS = TypeAdapter(list[Band], config=None)


@dataclass
class Parts:
    """The parts of a file whose shape is valid (all of them when the whole file is valid).

    Rules run on these even when another part has a shape error, so that one run of the
    checker reports every problem it can find.
    """

    meta: Meta | None
    source_ids: set[str]
    categories: dict[str, dict[str, Choice]]
    parameters: dict[str, Parameter]
    parameter_ids: set[str]

    @classmethod
    def of(cls, rates: RatesFile) -> Parts:
        return cls(
            rates.meta,
            set(rates.sources),
            dict(rates.categories),
            dict(rates.parameters),
            set(rates.parameters),
        )

    @classmethod
    def salvage(cls, data: dict[str, Any]) -> Parts:
        """Validate part by part what a file with shape errors still has."""
        meta = _try(Meta, data.get("meta"))
        sources = data.get("sources")
        params_raw = data.get("parameters")
        cats_raw = data.get("categories")
        parameters = {}
        if isinstance(params_raw, dict):
            for pid, raw in params_raw.items():
                model = _try(Parameter, raw)
                if model is not None:
                    parameters[pid] = model
        categories = {}
        if isinstance(cats_raw, dict):
            for name, raw in cats_raw.items():
                if isinstance(raw, dict):
                    choices = {k: _try(Choice, v) for k, v in raw.items()}
                    categories[name] = {k: c for k, c in choices.items() if c is not None}
        return cls(
            meta,
            set(sources) if isinstance(sources, dict) else set(),
            categories,
            parameters,
            set(params_raw) if isinstance(params_raw, dict) else set(),
        )


def _try(model: Any, raw: Any) -> Any:
    try:
        return model.model_validate(raw, strict=True)
    except ValidationError:
        return None


def check(rates: Parts, needs: dict[str, Any]) -> Iterator[Finding]:
    """All rule findings for the parts of a file whose shape is valid."""
    yield from _meta(rates)
    for pid, param in rates.parameters.items():
        yield from _parameter(rates, pid, param)
    yield from _categories(rates)
    yield from _needs(rates, needs)


# How far after the day the figures were checked the covered range may reach: no one can vouch
# for figures further ahead, and a year typed wrong (2207 for 2027) lands far beyond it.
HORIZON_YEARS = 3


def _meta(rates: Parts) -> Iterator[Finding]:
    if rates.meta is None:
        return
    covered = rates.meta.covered
    if covered.until < covered.from_:
        yield (
            ("meta", "covered", "until"),
            "Ngày cuối của khoảng thời gian được tính đứng trước ngày đầu",
            "Sửa meta.covered.until cho muộn hơn meta.covered.from.",
        )
    checked = rates.meta.checked_on
    if covered.until > checked.replace(year=checked.year + HORIZON_YEARS):
        yield (
            ("meta", "covered", "until"),
            f"Ngày cuối của khoảng được tính ({covered.until}) xa quá {HORIZON_YEARS} năm sau ngày kiểm "
            f"tra ({checked})",
            "Kiểm tra lại năm (có thể gõ nhầm). Chỉ kéo dài khoảng được tính đến ngày mà các mức đã "
            "được đối chiếu.",
        )


def _forms(pid: str, param: Parameter) -> Iterator[Finding]:
    here = ("parameters", pid)
    if (param.unit is None) == (param.forms is None):
        yield (
            here,
            "Tham số phải có đúng một trong hai khóa: unit (một dạng) hoặc forms (các dạng mà mức "
            "chính thức có thể có)",
            "Giữ unit nếu mức chỉ có một dạng; dùng forms khi chưa biết văn bản ghi theo dạng nào.",
        )
    if param.forms is not None and len(set(param.forms)) != len(param.forms):
        yield (here + ("forms",), "Một dạng được ghi hai lần trong forms", "Xóa dạng bị lặp.")


def _parameter(rates: Parts, pid: str, param: Parameter) -> Iterator[Finding]:
    yield from _forms(pid, param)
    base = ("parameters", pid, "values")
    previous: DatedValue | None = None
    for i, entry in enumerate(param.values):
        here = base + (i,)
        yield from _status_and_value(param, entry, here)
        yield from _references(rates, entry, here)
        if entry.until is not None and entry.until < entry.from_:
            yield (
                here + ("until",),
                f"Ngày kết thúc {entry.until} đứng trước ngày bắt đầu {entry.from_}",
                "Sửa 'until' cho muộn hơn hoặc bằng 'from', hoặc xóa 'until'.",
            )
        if previous is not None:
            if entry.from_ <= previous.from_:
                yield (
                    here + ("from",),
                    f"Các giá trị không theo thứ tự thời gian: {entry.from_} không đứng sau "
                    f"{previous.from_} của giá trị trước",
                    "Xếp các giá trị theo ngày 'from' tăng dần; mỗi ngày 'from' chỉ dùng một lần.",
                )
            elif previous.until is not None and previous.until >= entry.from_:
                yield (
                    here + ("from",),
                    f"Hai giai đoạn chồng lên nhau: giá trị trước kéo dài đến {previous.until}, "
                    f"giá trị này bắt đầu {entry.from_}",
                    "Sửa 'until' của giá trị trước về ngày trước ngày bắt đầu của giá trị này.",
                )
        if rates.meta is not None and entry.from_ > rates.meta.covered.until:
            yield (
                here + ("from",),
                f"Ngày bắt đầu {entry.from_} nằm sau ngày cuối của khoảng được tính "
                f"({rates.meta.covered.until}): mức này sẽ không bao giờ được dùng",
                "Kiểm tra lại năm của ngày 'from' (có thể gõ nhầm). Nếu mức thật sự áp dụng từ ngày "
                "đó, kéo dài meta.covered.until sau khi đã đối chiếu các mức.",
            )
        if rates.meta is not None and entry.verified_on > rates.meta.checked_on:
            yield (
                here + ("verified_on",),
                f"Ngày kiểm tra {entry.verified_on} muộn hơn meta.checked_on ({rates.meta.checked_on})",
                "Cập nhật meta.checked_on thành ngày kiểm tra mới nhất.",
            )
        previous = entry


def _status_and_value(param: Parameter, entry: DatedValue, here: tuple[Any, ...]) -> Iterator[Finding]:
    value = entry.value
    if entry.form is not None and param.allowed and entry.form not in param.allowed:
        yield (
            here + ("form",),
            f"Dạng '{entry.form}' không nằm trong các dạng của tham số ({', '.join(param.allowed)})",
            "Chọn một dạng trong danh sách forms (hoặc unit) của tham số.",
        )
        return
    if entry.status == "pending" and entry.form is not None:
        yield (
            here + ("form",),
            "Mức chưa có (pending) nhưng đã ghi dạng (form)",
            "Ghi form cùng lúc với số (value) khi điền mức; lúc còn chờ thì xóa form.",
        )
    if entry.status == "pending":
        if value is not None:
            yield (
                here + ("value",),
                "Giá trị đang ghi 'pending' (chưa xác minh) nhưng lại có số",
                "Nếu đã có văn bản chính thức: đổi status thành verified và ghi trích dẫn. "
                "Nếu chưa: để value: null.",
            )
        if entry.confidence is not None:
            yield (
                here + ("confidence",),
                "Giá trị chưa xác minh không có độ tin cậy",
                "Xóa khóa confidence.",
            )
        return
    if value is None:
        yield (
            here + ("value",),
            f"Giá trị ghi '{entry.status}' nhưng không có số (null)",
            "Điền số theo văn bản, hoặc đổi status thành pending nếu chưa có số.",
        )
        return
    form = param.form_of(entry)
    if form is None:
        yield (
            here,
            "Chưa ghi mức này theo dạng nào (khóa form)",
            f"Thêm form: với một trong các dạng của tham số ({', '.join(param.allowed)}), đúng như "
            "văn bản ghi. Ví dụ form: vnd_per_month nếu văn bản ghi số tiền mỗi tháng.",
        )
        return
    yield from _value_fits_unit(form, value, here + ("value",))


def _money_hint(value: Any) -> str:
    """What is wrong with money written as text, in words a maintainer recognises."""
    written = str(value)
    if re.fullmatch(r"0\d+", written):
        return f"Số tiền {written} bắt đầu bằng số 0 (máy đọc kiểu đó thành một số khác)"
    if "_" in written or ":" in written or written.lower().startswith("0x"):
        return f"Số tiền {written} viết có ký tự lạ (gạch dưới, hai chấm hay 0x)"
    if re.fullmatch(r"\d{20,}", written):
        return f"Số tiền {written[:12]}… dài {len(written)} chữ số, không thể là một mức hỗ trợ"
    return f"Số tiền {value!r} không phải số đồng nguyên"


def _value_fits_unit(unit: str, value: Any, here: tuple[Any, ...]) -> Iterator[Finding]:
    kind = kind_of(unit)
    if kind == MONEY:
        yield from _money_fits(unit, value, here)
    elif kind == COUNT:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            yield (
                here,
                f"{str(value)[:20]!r} không phải số đếm",
                "Viết một số nguyên từ 0 trở lên, ví dụ 599.",
            )
        elif value > form(unit).maximum:
            yield (here, f"Số đếm {value} lớn quá mức có thể", "Kiểm tra lại số chữ số.")
    elif kind == DECIMAL:
        yield from _decimal_fits(unit, value, here)
    elif kind == TABLE:
        yield from _bands(value, here)


def _money_fits(unit: str, value: Any, here: tuple[Any, ...]) -> Iterator[Finding]:
    most = form(unit).maximum
    if isinstance(value, bool) or not isinstance(value, int):
        yield (
            here,
            _money_hint(value),
            "Viết số tiền bằng các chữ số liền nhau, không số 0 ở đầu, không ngoặc kép, không "
            "dấu chấm hay dấu phẩy: ví dụ 2340000.",
        )
    elif value < 0:
        yield (here, f"Số tiền {value} bị âm", "Số tiền phải từ 0 trở lên.")
    elif value > most:
        yield (
            here,
            f"Số tiền {value} lớn quá mức có thể ({most:,} đồng)".replace(",", "."),
            "Kiểm tra lại số chữ số của số tiền.",
        )


def _decimal_fits(unit: str, value: Any, here: tuple[Any, ...]) -> Iterator[Finding]:
    shape = form(unit)
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not DECIMAL_TEXT.match(str(value)):
        yield (
            here,
            f"{str(value)[:20]!r} không phải số thập phân viết trong ngoặc kép (tối đa "
            f"{MAX_DECIMALS} chữ số sau dấu chấm)",
            'Viết hệ số hoặc tỷ lệ trong ngoặc kép, dùng dấu chấm thập phân: ví dụ "0.8" hoặc "4.5".',
        )
    elif shape.is_percent and Decimal(str(value)) > 100:
        yield (here, f"Tỷ lệ {value}% lớn hơn 100%", "Ghi tỷ lệ phần trăm từ 0 đến 100.")
    elif Decimal(str(value)) > shape.maximum:
        yield (
            here,
            f"Hệ số {value} lớn quá mức có thể ({shape.maximum})",
            "Kiểm tra lại vị trí dấu chấm thập phân.",
        )


def _bands(value: Any, here: tuple[Any, ...]) -> Iterator[Finding]:
    try:
        rows = BANDS.validate_python(value, strict=True)
    except ValidationError as exc:
        from calculators.tools.rates_file.messages import translate

        for err in exc.errors():
            problem, fix = translate(err)
            yield (here + tuple(err["loc"]), problem, fix)
        return
    if not rows or rows[0].households_from != 0:
        yield (here, "Bảng phải bắt đầu từ 0 hộ", "Dòng đầu tiên ghi households_from: 0.")
    for i in range(1, len(rows)):
        if rows[i].households_from <= rows[i - 1].households_from:
            yield (
                here + (i, "households_from"),
                "Các dòng của bảng không theo thứ tự số hộ tăng dần",
                "Xếp các dòng theo households_from tăng dần, không trùng nhau.",
            )
    for i, row in enumerate(rows):
        if row.max_to_vien > row.max_members:
            yield (
                here + (i, "max_to_vien"),
                "Số Tổ viên tối đa lớn hơn số thành viên tối đa",
                "Sửa max_to_vien nhỏ hơn hoặc bằng max_members.",
            )


def _references(rates: Parts, entry: DatedValue, here: tuple[Any, ...]) -> Iterator[Finding]:
    refs: list[tuple[tuple[Any, ...], Reference]] = [(here + ("ref",), entry.ref)]
    refs += [(here + ("also", j), r) for j, r in enumerate(entry.also)]
    for loc, ref in refs:
        if ref.source not in rates.source_ids:
            yield (
                loc + ("source",),
                f"Trích dẫn nguồn '{ref.source}' chưa được khai báo trong mục sources",
                "Thêm nguồn này vào mục sources (tên, cơ quan ban hành, ngày) hoặc sửa mã nguồn.",
            )
        if ref.point is not None and ref.clause is None:
            yield (loc + ("point",), "Có điểm mà không có khoản", "Ghi thêm clause (khoản).")
        if ref.clause is not None and ref.article is None:
            yield (loc + ("clause",), "Có khoản mà không có điều", "Ghi thêm article (điều).")
        if ref.inferred is not None and getattr(ref, ref.inferred) is None:
            yield (
                loc + ("inferred",),
                f"Ghi inferred: {ref.inferred} (phần suy luận) nhưng trích dẫn không có phần đó",
                f"Ghi thêm {ref.inferred} vào trích dẫn, hoặc xóa khóa inferred.",
            )


def _categories(rates: Parts) -> Iterator[Finding]:
    for name, choices in rates.categories.items():
        for key, choice in choices.items():
            if choice.parameter is not None and choice.parameter not in rates.parameter_ids:
                yield (
                    ("categories", name, key, "parameter"),
                    f"Lựa chọn '{key}' trỏ tới tham số '{choice.parameter}' không có trong tệp",
                    "Sửa tên tham số, hoặc thêm tham số đó vào mục parameters.",
                )
            if choice.status == "inferred" and choice.note is None:
                yield (
                    ("categories", name, key, "status"),
                    f"Lựa chọn '{key}' ghi là suy luận nhưng không nói suy luận điều gì",
                    "Thêm note: một câu nói điều gì là suy luận (trang web hiện câu này).",
                )


def _unknown(pid: str, param: Parameter, why: str) -> Iterator[Finding]:
    for i, entry in enumerate(param.values):
        if entry.value is None:
            yield (
                ("parameters", pid, "values", i, "value"),
                f"Khoản này không thể để trống (null): {why}",
                "Điền con số theo văn bản. Nếu chưa có văn bản cho giai đoạn này, đừng thêm giai đoạn.",
            )


def _needs(rates: Parts, needs: dict[str, Any]) -> Iterator[Finding]:
    for pid in needs.get("known", ()):
        if pid in rates.parameters:
            yield from _unknown(pid, rates.parameters[pid], "máy tính cần nó để tính mọi kết quả")
    for pid, forms in needs["parameters"].items():
        if pid not in rates.parameter_ids:
            yield (
                ("parameters",),
                f"Thiếu tham số '{pid}' mà các máy tính cần",
                f"Thêm lại tham số {pid} (xem tài liệu cho người bảo trì).",
            )
        elif pid in rates.parameters:
            yield from _computable(pid, rates.parameters[pid], forms, f"tham số '{pid}'")
    for name, need in needs["categories"].items():
        if name not in rates.categories:
            yield (("categories",), f"Thiếu danh mục '{name}'", f"Thêm lại danh mục {name}.")
            continue
        for key in need["keys"]:
            if key not in rates.categories[name]:
                yield (
                    ("categories", name),
                    f"Danh mục '{name}' thiếu lựa chọn '{key}' mà máy tính cần",
                    f"Thêm lại lựa chọn {key}.",
                )
        for key, choice in rates.categories[name].items():
            param = rates.parameters.get(choice.parameter) if choice.parameter else None
            if param is not None:
                yield from _choice_parameter(name, need, key, choice.parameter, param)


def _choice_parameter(
    name: str, need: dict[str, Any], key: str, pid: str, param: Parameter
) -> Iterator[Finding]:
    """A choice's figure: one its category may have, in a form and state the calculators use."""
    here = ("categories", name, key, "parameter")
    if not need["forms"]:
        yield (
            here,
            f"Các lựa chọn của danh mục '{name}' không dùng tham số nào, nhưng '{key}' trỏ tới '{pid}'",
            "Ghi parameter: null cho lựa chọn này.",
        )
        return
    extra = [f for f in param.allowed if f not in need["forms"]]
    if extra:
        yield (
            here,
            f"Lựa chọn '{key}' trỏ tới tham số '{pid}' có dạng {', '.join(extra)}, nhưng máy tính chỉ "
            f"tính được các lựa chọn của '{name}' theo dạng {', '.join(need['forms'])}",
            "Kiểm tra lại tên tham số của lựa chọn này (có thể trỏ nhầm tham số).",
        )
    if need.get("known"):
        yield from _unknown(pid, param, f"lựa chọn '{key}' của danh mục '{name}' cần nó để tính")


def _computable(pid: str, param: Parameter, forms: list[str], what: str) -> Iterator[Finding]:
    """A parameter whose forms the calculators that use it cannot all compute is refused."""
    extra = [f for f in param.allowed if f not in forms]
    if extra:
        key = "forms" if param.forms is not None else "unit"
        yield (
            ("parameters", pid, key),
            f"Máy tính không tính được {what} theo dạng {', '.join(extra)}",
            f"Dùng một trong các dạng máy tính tính được: {', '.join(forms)}. Nếu văn bản ghi "
            "theo dạng khác, cần sửa máy tính (báo người phát triển).",
        )
