"""The command line: `python -m calculators NAME --date ... [--json]`, and the rates tools.

    python -m calculators monthly --date 2024-08-15 --role to_vien --training none
    python -m calculators check-rates [FILE] [--since REV]
    python -m calculators export-rates [--rates FILE] OUT.json

Exit codes: 0 success; 1 an invalid rates file; 2 a wrong input, said in one Vietnamese line on
standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from calculators.core.errors import InputError
from calculators.fields import AREAS, CHOICE, show
from calculators.rates import RateBook
from calculators.tools.paths import RATES

EXIT_INVALID_RATES = 1
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """The command line itself is wrong (an unknown option, a missing value)."""


class VietnameseHelp(argparse.HelpFormatter):
    """argparse's help, headed in Vietnamese."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse also formats a subcommand's name with an empty prefix: that one stays.
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse that reports problems in Vietnamese, as one line, through UsageError, and whose
    help is in Vietnamese too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(formatter_class=VietnameseHelp, add_help=False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="In hướng dẫn này rồi thoát.")

    def error(self, message: str) -> NoReturn:
        raise UsageError(_translate(message, self.prog))


class Once(argparse.Action):
    """An option that may be given once: a second value is refused, never silently taken."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: str | None = None) -> None:
        if getattr(namespace, self.dest) is not None:
            raise UsageError(f"Tùy chọn {option_string} được ghi hai lần. Chỉ ghi mỗi tùy chọn một lần.")
        setattr(namespace, self.dest, values)


def _translate(message: str, prog: str) -> str:
    if message.startswith("unrecognized arguments:"):
        return f"Không hiểu tùy chọn: {show(message.split(':', 1)[1].strip())}. Xem: {prog} --help"
    if "expected one argument" in message:
        option = message.split(":")[0].replace("argument ", "")
        return f"Tùy chọn {option} cần một giá trị đi kèm."
    if "invalid choice" in message:
        return (
            f"Không có lệnh này. {message.split('(choose from', 1)[-1].rstrip(')').join(['Các lệnh: ', ''])}"
        )
    if "required" in message:
        return f"Thiếu thông tin bắt buộc. Xem: {prog} --help"
    return f"Lệnh không hợp lệ ({show(message)}). Xem: {prog} --help"


def build_parser() -> Parser:
    from calculators.registry import CALCULATORS

    parser = Parser(
        prog="python -m calculators",
        description="Tính các khoản hỗ trợ của Tổ bảo vệ an ninh, trật tự (Nghị quyết 03/2024/NQ-HĐND, Cần Thơ).",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser)
    check = sub.add_parser("check-rates", help="Kiểm tra tệp mức hỗ trợ (rates.yaml).")
    check.add_argument("file", nargs="?", default=None, help="Tệp cần kiểm tra (mặc định: rates.yaml).")
    check.add_argument(
        "--since",
        action=Once,
        metavar="PHIÊN_BẢN",
        help=(
            "So với một phiên bản git (ví dụ origin/main) hoặc một tệp: nếu số liệu đã đổi thì ngày "
            "kiểm tra (checked_on) cũng phải đổi."
        ),
    )
    export = sub.add_parser("export-rates", help="Ghi dữ liệu đã kiểm tra ra tệp JSON (dùng khi đóng gói).")
    export.add_argument("out", help="Tệp JSON sẽ ghi.")
    export.add_argument("--rates", default=None, help="Tệp mức hỗ trợ (mặc định: rates.yaml).")
    impact = sub.add_parser("impact", help="Báo cáo ảnh hưởng khi đổi mức (Markdown, cho pull request).")
    impact.add_argument("old", help="Bản cũ: đường dẫn tệp hoặc phiên bản git (ví dụ origin/main).")
    impact.add_argument("new", nargs="?", default=str(RATES), help="Bản mới (mặc định: rates.yaml).")
    golden = sub.add_parser(
        "golden",
        help="Cập nhật các ca kiểm thử mẫu (tests/golden) theo rates.yaml sau khi đổi mức.",
        description=(
            "So các ca kiểm thử mẫu với kết quả máy tính tính theo rates.yaml. --check chỉ liệt kê "
            "chỗ khác; --update ghi lại đúng những chỗ đó, giữ nguyên chú thích và bố cục tệp."
        ),
    )
    what = golden.add_mutually_exclusive_group(required=True)
    what.add_argument("--check", action="store_true", help="Chỉ liệt kê các ca khác với rates.yaml.")
    what.add_argument("--update", action="store_true", help="Ghi lại các số đã đổi vào tests/golden.")
    for calc in CALCULATORS.values():
        p = sub.add_parser(
            calc.name, help=calc.summary.replace("%", "%%"), description=f"{calc.title}. {calc.summary}"
        )
        for field in calc.fields:
            if field.kind == AREAS:
                _add_area_options(p)
                continue
            names = [field.option] + ([f"--{field.name}"] if "_" in field.name else [])
            metavar = "YYYY-MM-DD" if field.name == "date" else ("LỰA_CHỌN" if field.kind == CHOICE else "SỐ")
            p.add_argument(
                *names,
                dest=field.name,
                default=None,
                action=Once,
                metavar=metavar,
                help=f"{field.label}. {field.hint}".replace("%", "%%"),
            )  # argparse formats help with %
        p.add_argument(
            "--assume",
            action="append",
            default=[],
            metavar="THAM_SỐ=GIÁ_TRỊ",
            help="Giả định một mức còn chờ, ví dụ --assume title_extra_to_truong=500000.",
        )
        p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        if any(field.kind == AREAS for field in calc.fields):
            p.add_argument(
                "--csv", action="store_true", help="In bảng kết quả dạng CSV (mở được bằng Excel)."
            )
        p.add_argument("--rates", default=None, action=Once, help="Dùng tệp mức hỗ trợ khác (để thử).")
    return parser


def _add_area_options(p: argparse.ArgumentParser) -> None:
    """A list of ấp: as two comma-separated lists, or a CSV file (calculators.spreadsheet)."""
    p.add_argument(
        "--households",
        action=Once,
        default=None,
        metavar="SỐ,SỐ,…",
        help="Số hộ của từng ấp, khu vực, cách nhau bằng dấu phẩy, ví dụ 320,640,1150.",
    )
    p.add_argument(
        "--names",
        action=Once,
        default=None,
        metavar="TÊN,TÊN,…",
        help="Tên các ấp, khu vực theo cùng thứ tự, cách nhau bằng dấu phẩy (không bắt buộc).",
    )
    p.add_argument(
        "--file",
        action=Once,
        default=None,
        metavar="TỆP.csv",
        help="Tệp CSV có cột ten,so_ho (có thể thêm to_truong,to_pho,to_vien), lưu dạng UTF-8.",
    )


def _area_answer(args: argparse.Namespace) -> str | None:
    """The list of ấp the options give, as text for the calculator; None when none is given."""
    from calculators import spreadsheet

    if args.file is not None:
        if args.households is not None or args.names is not None:
            raise InputError.on("areas", "Dùng --file hoặc --households, không dùng cả hai.")
        try:
            data = Path(args.file).read_bytes()
        except OSError:
            raise InputError.on("areas", f"Không mở được tệp “{show(args.file)}”.") from None
        try:
            return spreadsheet.decode(data)
        except spreadsheet.ListError as exc:
            raise InputError.on("areas", str(exc)) from None
    if args.households is None:
        if args.names is not None:
            raise InputError.on("areas", "Có --names nhưng thiếu --households (số hộ của từng ấp).")
        return None
    try:
        return spreadsheet.from_lists(args.households, args.names)
    except spreadsheet.ListError as exc:
        raise InputError.on("areas", str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        return _fail(str(exc))
    if args.command is None:  # misuse: the help goes where errors go
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    if args.command == "check-rates":
        return check_rates(args.file, args.since)
    if args.command == "export-rates":
        return export_rates(args.rates, args.out)
    if args.command == "impact":
        return impact_report(args.old, args.new)
    if args.command == "golden":
        return golden_cases(update=args.update)
    return calculate(args)


def golden_cases(update: bool) -> int:
    """List (--check) or rewrite (--update) the golden cases that differ from rates.yaml.
    --check exits 1 when any differ."""
    from calculators.tools import golden

    try:
        book = _book(None)
    except _RatesProblem as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID_RATES
    found = golden.update(book) if update else golden.check(book)
    print(golden.report(found))
    if update and found:
        print("Đã ghi lại các ca trên. Xem lại thay đổi (git diff tests/golden) trước khi gửi.")
    return 1 if found and not update else 0


def check_rates(file: str | None, since: str | None = None) -> int:
    """Print every problem of a rates file; 0 when valid, 1 when not. With `since` (a git
    revision or a file), changed figures also need a later `checked_on` than there."""
    from calculators.tools.rates_file import check_bytes, check_file, versions
    from calculators.tools.rates_file.errors import count

    path = Path(file) if file else RATES
    data, errors = check_file(path)
    if not errors and since is not None:
        try:
            old_name, old_raw = versions.read(since)
        except versions.VersionNotFound as exc:
            return _fail(str(exc))
        old, old_errors = check_bytes(old_raw, old_name)
        if old_errors:  # nothing to compare with: said, and the file itself is judged alone
            print(f"Bỏ qua so sánh: {old_name} không hợp lệ.", file=sys.stderr)
        else:
            errors = versions.date_kept(old, data, str(path), path.read_bytes(), since)
    if errors:
        for err in errors:
            print(err, file=sys.stderr)
        print(f"{count(errors)} lỗi trong {path}.", file=sys.stderr)
        return EXIT_INVALID_RATES
    pending = sum(1 for p in data["parameters"].values() if p["values"][-1]["status"] == "pending")
    print(f"{path}: hợp lệ ({len(data['parameters'])} tham số, {pending} tham số còn chờ mức chính thức).")
    return 0


def export_rates(rates: str | None, out: str) -> int:
    """Validate and write the rates as the JSON the package ships."""
    from calculators.tools.rates_file import check_file

    path = Path(rates) if rates else RATES
    data, errors = check_file(path)
    if errors:
        for err in errors:
            print(err, file=sys.stderr)
        return EXIT_INVALID_RATES
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def impact_report(old: str, new: str) -> int:
    """Print what changes between two versions of the rates, as Markdown."""
    from calculators.tools.impact import ImpactError, report

    try:
        print(report(old, new), end="")
    except ImpactError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID_RATES
    return 0


def calculate(args: argparse.Namespace) -> int:
    from calculators.registry import CALCULATORS, run
    from calculators.tools import report

    try:
        book = _book(args.rates)
    except _RatesProblem as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID_RATES
    fields = CALCULATORS[args.command].fields
    try:
        answers = {f.name: _area_answer(args) if f.kind == AREAS else getattr(args, f.name) for f in fields}
        answers = {k: v for k, v in answers.items() if v is not None}
        assume = _assumptions(args.assume)
        result = run(args.command, answers, assume, book)
    except InputError as exc:
        return _fail(" ".join(exc.errors.values()))
    if getattr(args, "csv", False):
        sys.stdout.write(result.breakdown.to_csv(result))
    elif args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.render(result, book))
    return 0


class _RatesProblem(Exception):
    pass


def _book(path: str | None) -> RateBook:
    from calculators.tools.rates_file import InvalidRatesFile, load_book

    try:
        return load_book(path or RATES)
    except InvalidRatesFile as exc:
        raise _RatesProblem(str(exc)) from None


def _assumptions(given: list[str]) -> dict[str, str]:
    """Each --assume as THAM_SỐ=GIÁ_TRỊ; a figure assumed twice is refused."""
    assume: dict[str, str] = {}
    for text in given:
        pid, value = _split_assumption(text)
        if pid in assume:
            raise InputError.on(
                "assume", f"“{show(pid)}” được giả định hai lần. Chỉ giả định mỗi khoản một lần."
            )
        assume[pid] = value
    return assume


def _split_assumption(text: str) -> tuple[str, str]:
    pid, sep, value = text.partition("=")
    if not sep or not pid.strip() or not value.strip():
        raise InputError.on(
            "assume",
            f"Giả định “{show(text)}” phải viết dạng THAM_SỐ=GIÁ_TRỊ, ví dụ title_extra_to_truong=500000.",
        )
    return pid.strip(), value.strip()


def _fail(message: str) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
