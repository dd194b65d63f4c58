"""Pydantic's findings, said again in plain Vietnamese with what to do.

Pydantic reports each problem as a type code and a location. This module turns the codes
that a rates file can produce into a sentence and a fix; for an unknown key it also lists the
keys that are allowed at that place, found by walking the schema along the location.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from calculators.tools.rates_file.schema import RatesFile

KINDS = {
    "int_type": "một số nguyên",
    "int_parsing": "một số nguyên",
    "int_from_float": "một số nguyên",
    "string_type": "một đoạn chữ",
    "dict_type": "một nhóm khóa (dạng khóa: giá trị)",
    "model_type": "một nhóm khóa (dạng khóa: giá trị)",
    "list_type": "một danh sách (mỗi dòng bắt đầu bằng dấu gạch ngang)",
    "bool_type": "đúng hoặc sai",
}


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The schema model found at a location (ignoring list indexes and mapping keys)."""
    annotation: Any = RatesFile
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next(
                (f for name, f in annotation.model_fields.items() if (f.alias or name) == part),
                None,
            )
            if field is None:
                return None
            annotation = field.annotation
        else:
            origin = typing.get_origin(annotation)
            args = typing.get_args(annotation)
            if origin is list and args:
                annotation = args[0]
            elif origin is dict and len(args) == 2:
                annotation = args[1]
            else:
                return None
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin is typing.Union and args:
            non_none = [a for a in args if a is not type(None)]
            if len(non_none) != 1:
                return annotation
            annotation = non_none[0]
        else:
            return annotation


def allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def translate(error: dict[str, Any]) -> tuple[str, str]:
    """(problem, fix) in Vietnamese for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    key = loc[-1] if loc else ""
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        keys = allowed_keys(loc[:-1])
        listed = f" Các khóa được dùng ở đây: {', '.join(keys)}." if keys else ""
        return (
            f"Khóa '{key}' không có trong cấu trúc tệp",
            f"Xóa khóa này hoặc sửa lỗi chính tả.{listed}",
        )
    if kind == "missing":
        return (f"Thiếu khóa '{key}'", f"Thêm dòng '{key}: ...' vào đúng chỗ này.")
    if kind == "literal_error":
        return (
            f"Giá trị {given!r} của '{key}' không hợp lệ",
            f"Chọn một trong các giá trị: {ctx.get('expected', '')}.",
        )
    if kind == "string_pattern_mismatch":
        return (
            f"'{given}' không đúng dạng cho phép",
            "Dùng mã viết thường, không dấu, nối bằng dấu gạch dưới (ví dụ base_salary); "
            "mã nguồn viết như NQ-03-2024; điểm là một chữ cái thường (a, b, c, d, đ ...).",
        )
    if kind in ("string_too_short", "too_short"):
        return (f"'{key}' đang để trống", "Điền nội dung cho khóa này.")
    if kind == "string_too_long":
        return (
            f"'{key}' quá dài ({len(given):,} ký tự; tối đa {ctx.get('max_length'):,})".replace(",", "."),
            "Viết ngắn gọn; nếu lỡ dán nhầm một đoạn dài, xóa phần thừa.",
        )
    if kind in ("less_than_equal", "less_than"):
        return (
            f"'{key}' phải nhỏ hơn hoặc bằng {ctx.get('le', ctx.get('lt'))}",
            "Kiểm tra lại số chữ số của số này.",
        )
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"'{key}' phải lớn hơn hoặc bằng {ctx.get('ge', ctx.get('gt'))}",
            "Sửa lại số này.",
        )
    if kind in ("bad_date", "bad_schema"):
        return (error["msg"], ctx.get("fix", "Viết ngày theo dạng 2024-07-01."))
    if kind in KINDS:
        return (
            f"'{key}' phải là {KINDS[kind]}, không phải {given!r}",
            "Sửa lại giá trị theo mẫu ở các tham số khác trong tệp.",
        )
    return (f"'{key}': {error['msg']}", "Sửa lại theo mẫu ở các tham số khác trong tệp.")
