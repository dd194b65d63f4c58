"""How long check-rates takes on the worst files it may be given (target: any file under 1 MB
answered within 2 s).

Run through `scripts/bench-rates` (it runs scripts/setup first). Each kind below is rates.yaml
grown to just under check-rates' size limit in the way that costs the checker most: every key
unknown, one long list, long texts, invisible characters, deep nesting, a syntax error at the
very end (libyaml stops there and PyYAML's own, slower parser reads the file again for its
messages), and, since files of more than MAX_NODES keys and values are refused as they are read,
files just under that cap. For each it prints the median of three in-process checks (check_bytes) and
the time of the whole `python -m calculators check-rates FILE` command, Python's start included.
The last line of stdout is one JSON object with every figure and whether the target is met;
a missed target does not fail the run.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from calculators.tools.rates_file.check import MAX_BYTES, check_bytes  # noqa: E402
from calculators.tools.rates_file.schema import MAX_TEXT  # noqa: E402
from calculators.tools.rates_file.yaml_lines import MAX_NODES  # noqa: E402

TARGET_SECONDS = 2.0
ORIGINAL = (REPO / "rates.yaml").read_text(encoding="utf-8")
ROOM = MAX_BYTES - len(ORIGINAL.encode("utf-8")) - 1_000  # what each kind may add


def _repeat(unit: str, room: int = ROOM) -> int:
    return room // len(unit.encode("utf-8"))


def _unknown_keys() -> str:
    keys = "".join(f"  k{i}: x\n" for i in range(_repeat("  k00000: x\n")))
    return ORIGINAL.replace("meta:\n", "meta:\n" + keys, 1)


def _long_list() -> str:
    item = (
        "      - from: 2024-07-01\n        value: 1\n        status: verified\n"
        "        ref: {source: ND-24-2023}\n        verified_on: 2026-11-28\n"
    )
    at = ORIGINAL.index("    values:\n", ORIGINAL.index("  context_communes:\n"))
    return ORIGINAL[:at] + "    values:\n" + item * _repeat(item)


def _bad_money() -> str:
    item = (
        "      - from: 2024-07-01\n        value: 1.0x\n        status: verified\n"
        "        ref: {source: NOPE}\n        verified_on: 28/11/2026\n"
    )
    at = ORIGINAL.index("    values:\n", ORIGINAL.index("  context_communes:\n"))
    return ORIGINAL[:at] + "    values:\n" + item * _repeat(item)


def _long_text() -> str:
    return ORIGINAL.replace("  title: ", "  title: " + "chữ " * _repeat("chữ "), 1)


def _invisible() -> str:
    return ORIGINAL.replace("  title: ", "  title: " + "a\u200b" * _repeat("a\u200b"), 1)


def _deep() -> str:
    half = ROOM // 2
    return ORIGINAL + "x: " + "[" * half + "]" * half + "\n"


def _syntax_error_at_the_end() -> str:
    return _long_list() + "  broken: 'never closed\n"


def _keys_just_under_the_node_cap() -> str:
    """As many unknown keys as the node cap lets through, their values long enough to fill 1 MB."""
    count = (MAX_NODES - 2_500) // 2
    width = ROOM // count - len("  k00000: \n")
    keys = "".join(f"  k{i:05d}: {'x' * width}\n" for i in range(count))
    return ORIGINAL.replace("meta:\n", "meta:\n" + keys, 1)


def _list_just_under_the_node_cap() -> str:
    """Dated values, as many as the node cap lets through, with long notes to fill 1 MB."""
    count = (MAX_NODES - 2_500) // 16  # 16 nodes an item: its mapping, 6 keys, 6 values, the ref
    width = min(MAX_TEXT, ROOM // count - 150)
    item = (
        "      - from: 2024-07-01\n        value: 1.0x\n        status: verified\n"
        f"        ref: {{source: NOPE}}\n        verified_on: 28/11/2026\n        note: {'n' * width}\n"
    )
    at = ORIGINAL.index("    values:\n", ORIGINAL.index("  context_communes:\n"))
    return ORIGINAL[:at] + "    values:\n" + item * count


def _long_text_then_a_syntax_error() -> str:
    return _long_text() + "  broken: 'never closed\n"


def _many_small_mappings() -> str:
    item = "  - {a: 1, b: 2}\n"
    return ORIGINAL + "extra:\n" + item * _repeat(item)


KINDS: dict[str, Callable[[], str]] = {
    "unknown_keys": _unknown_keys,
    "long_list": _long_list,
    "bad_values_in_a_long_list": _bad_money,
    "long_text": _long_text,
    "invisible_characters": _invisible,
    "deep_nesting": _deep,
    "syntax_error_at_the_end": _syntax_error_at_the_end,
    "many_small_mappings": _many_small_mappings,
    "keys_just_under_the_node_cap": _keys_just_under_the_node_cap,
    "list_just_under_the_node_cap": _list_just_under_the_node_cap,
    "long_text_then_a_syntax_error": _long_text_then_a_syntax_error,
}


def main() -> int:
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in KINDS.items():
            raw = make().encode("utf-8")
            assert len(raw) <= MAX_BYTES, (name, len(raw))
            times = []
            for _ in range(3):
                started = time.perf_counter()
                data, errors = check_bytes(raw, name)
                times.append(time.perf_counter() - started)
            assert data is None and errors, f"{name} was accepted"
            path = Path(tmp) / f"{name}.yaml"
            path.write_bytes(raw)
            started = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "calculators", "check-rates", str(path)], cwd=REPO, capture_output=True
            )
            command = time.perf_counter() - started
            assert proc.returncode == 1 and b"Traceback" not in proc.stderr, (name, proc.stderr[-500:])
            figures[name] = {
                "bytes": len(raw),
                "check_bytes_s": round(statistics.median(times), 3),
                "command_s": round(command, 3),
            }
            print(
                f"{name:28} {len(raw):>9,} bytes  check {statistics.median(times):6.2f} s  command {command:6.2f} s"
            )
    slowest = max(f["command_s"] for f in figures.values())
    result = {
        "kinds": figures,
        "slowest_command_s": slowest,
        "target": f"every file under 1 MB answered within {TARGET_SECONDS} s",
        "met": slowest <= TARGET_SECONDS,
    }
    print(f"slowest: {slowest:.2f} s (target ≤ {TARGET_SECONDS} s: {'met' if result['met'] else 'NOT met'})")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
