"""Golden cases: the calculators' expected results for the real rates, kept in step with them.

The cases live in `tests/golden/NAME.yaml` (one file per calculator), each a situation
(`inputs`, maybe `assume`) and what the calculator gives for it (`expected`, or
`expected_error` naming the wrong field). They run as the calculator pages run them: a what-if
value for a figure that has an official value on the date is ignored, not refused.

After a change of `rates.yaml`, `check()` lists every expected field that no longer matches,
case by case, and `update()` rewrites exactly those fields in place: the file's comments,
order and layout stay, and the hand-written working comment of a field that moved is replaced
by the engine's working, so none is left stale. The impact report lists the same changes
(`changes()` between two rate books).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from calculators import text
from calculators.core.errors import InputError
from calculators.core.result import Result
from calculators.rates import RateBook
from calculators.registry import run
from calculators.tools.paths import GOLDEN

# libyaml's loader when PyYAML has it (ten times faster; the same nodes and marks).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Outcome = dict[str, Any]  # {"expected": {...}} or {"expected_error": {"field": ...}}
OPTIONAL = {"uses_assumptions": False, "assumed": []}
# Fields of which a case checks only the entries it lists: further answers, and a budget's rows
# ("2.members", "2.2027-03", "total.2027-03": see rows_of).
LISTED = ("outputs", "rows")
# The order fields are written in when a block is written anew.
ORDER = ("outputs", "rows", "total", "complete", "pending", "components", "uses_assumptions", "assumed")


@dataclass(frozen=True)
class Case:
    """One golden case as read: its file, its data, and the YAML node it was read from."""

    file: Path
    data: dict[str, Any]
    node: yaml.MappingNode

    @property
    def name(self) -> str:
        return str(self.data.get("name"))

    @property
    def where(self) -> str:
        return f"{self.file.stem}: {self.name}"


@dataclass(frozen=True)
class FieldChange:
    """One expected field of one case that moves: `path` is ('total',) or ('components', 'base')."""

    case: str
    path: tuple[str, ...]
    old: Any
    new: Any

    @property
    def field(self) -> str:
        return ".".join(self.path)

    @property
    def is_amount(self) -> bool:
        return self.path[0] in ("total", "components", "outputs")

    def __str__(self) -> str:
        return f"  {self.field}: {_shown(self.old)} → {_shown(self.new)}"


def _shown(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        return text.integer(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    return str(value)


# --- reading ----------------------------------------------------------------------------------


def read(path: Path) -> list[Case]:
    """The cases of one file, each with its node (for edits in place)."""
    source = path.read_text(encoding="utf-8")
    data = yaml.load(source, Loader=LOADER) or []
    root = yaml.compose(source, Loader=LOADER)
    nodes = root.value if isinstance(root, yaml.SequenceNode) else []
    return [Case(path, d, n) for d, n in zip(data, nodes, strict=True)]


def files(folder: Path = GOLDEN) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def cases(folder: Path = GOLDEN) -> list[Case]:
    return [case for path in files(folder) for case in read(path)]


# --- outcomes ---------------------------------------------------------------------------------


def compute(book: RateBook, case: dict[str, Any]) -> Result | InputError:
    """What the calculator page gives for the case's answers: a result, or the refusal."""
    answers = {k: str(v) for k, v in case["inputs"].items()}
    assume = {k: str(v) for k, v in (case.get("assume") or {}).items()}
    try:
        return run(case["calculator"], answers, assume, book, strict_assume=False)
    except InputError as exc:
        return exc


def outcome(book: RateBook, case: dict[str, Any]) -> Outcome:
    """The expected fields the case would hold for these rates."""
    result = compute(book, case)
    if isinstance(result, InputError):
        return {"expected_error": {"field": next(iter(result.errors))}}
    return {"expected": outcome_of(result)}


def _written(case: dict[str, Any]) -> Outcome:
    """The expected fields as the case writes them (optional ones at their defaults)."""
    if "expected_error" in case:
        return {"expected_error": dict(case["expected_error"])}
    expected = dict(case["expected"])
    for key, default in OPTIONAL.items():
        expected.setdefault(key, default)
    return {"expected": expected}


def differences(written: Outcome, new: Outcome, case: str) -> list[FieldChange]:
    """The fields that differ. A case checks only the outputs it lists."""
    if set(written) != set(new):
        kind = next(iter(written))
        return [FieldChange(case, (kind,), written[kind], new[next(iter(new))])]
    if "expected_error" in written:
        if written != new:
            return [FieldChange(case, ("expected_error",), written["expected_error"], new["expected_error"])]
        return []
    old, now = written["expected"], new["expected"]
    found = []
    for key in ORDER:
        if key in LISTED:
            for oid, value in (old.get(key) or {}).items():
                if now[key].get(oid) != value:
                    found.append(FieldChange(case, (key, oid), value, now[key].get(oid)))
        elif key == "components" and list(old.get(key) or {}) == list(now[key]):
            found += [
                FieldChange(case, (key, cid), value, now[key][cid])
                for cid, value in old[key].items()
                if now[key][cid] != value or type(now[key][cid]) is not type(value)
            ]
        elif old.get(key) != now[key] or type(old.get(key)) is not type(now[key]):
            found.append(FieldChange(case, (key,), old.get(key), now[key]))
    return found


def check(book: RateBook, folder: Path = GOLDEN) -> list[FieldChange]:
    """Every expected field that no longer matches what the calculators give."""
    return [
        change
        for case in cases(folder)
        for change in differences(_written(case.data), outcome(book, case.data), case.where)
    ]


def changes(old: RateBook, new: RateBook, folder: Path = GOLDEN) -> list[FieldChange]:
    """Every expected field that moves from one rate book to another (the impact report's)."""
    found = []
    for case in cases(folder):
        before, after = outcome(old, case.data), outcome(new, case.data)
        if before != after:
            # Fields a case does not list (outputs it does not check) are not its concern.
            listed = _listed(case.data, before)
            found += differences(listed, _listed(case.data, after), case.where)
    return found


def _listed(case: dict[str, Any], found: Outcome) -> Outcome:
    if "expected" in found and "expected" in case:
        found = {"expected": {**found["expected"]}}
        for key in LISTED:
            keep = set(case["expected"].get(key) or {})
            found["expected"][key] = {k: v for k, v in found["expected"][key].items() if k in keep}
    return found


# --- writing in place -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    new: str


def update(book: RateBook, folder: Path = GOLDEN) -> list[FieldChange]:
    """Rewrite every expected field that no longer matches, in place. Returns the changes."""
    done: list[FieldChange] = []
    for path in files(folder):
        source = path.read_text(encoding="utf-8")
        edits: list[_Edit] = []
        for case in read(path):
            found = differences(_written(case.data), outcome(book, case.data), case.where)
            if found:
                result = compute(book, case.data)
                edits += list(_edits(source, case, found, result))
                done += found
        if edits:
            path.write_text(_apply(source, edits), encoding="utf-8")
            # What was written reads back as what the calculators give.
            if [c for c in read(path) if differences(_written(c.data), outcome(book, c.data), c.where)]:
                raise RuntimeError(f"{path}: the rewritten cases still differ from the calculators")
    return done


def _apply(source: str, edits: list[_Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        source = source[: edit.start] + edit.new + source[edit.end :]
    return source


def _entry(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in node.value if k.value == key), None)


def _edits(source: str, case: Case, found: list[FieldChange], result: Any) -> Iterator[_Edit]:
    kind = next(iter(_written(case.data)))
    key, value = _entry(case.node, kind)
    if found[0].path[0] in ("expected", "expected_error"):
        # The case now computes (or is refused) where it was refused (or computed): write the
        # block anew at the key's place.
        yield _Edit(key.start_mark.index, _end_of(source, value), _block(result, key.start_mark.column))
        return
    expected = value
    for change in found:
        field_key, field_value = _entry(expected, change.path[0]) or (None, None)
        if field_key is None:  # an optional field the case leaves out: add it at the end
            column = expected.value[0][0].start_mark.column
            line_end = source.index("\n", _end_of(source, expected) - 1)
            yield _Edit(line_end, line_end, "\n" + " " * column + f"{change.path[0]}: {_flow(change.new)}")
            continue
        if len(change.path) == 2:
            field_key, field_value = _entry(field_value, change.path[1])
        yield from _replace(source, field_key, field_value, change.new, _working(result, change))


def _replace(source: str, key: yaml.Node, value: yaml.Node, new: Any, working: str | None) -> Iterator[_Edit]:
    """The value after `key:` written anew (flow style), and the comment of that line with it."""
    colon = source.index(":", key.end_mark.index)
    end = _end_of(source, value)
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end
    rest = source[end:line_end]
    written = " " + _flow(new)
    if "#" in rest and working is not None:
        old_column = end + rest.index("#") - (source.rfind("\n", 0, end) + 1)
        start_of_line = source.rfind("\n", 0, colon) + 1
        used = (colon + 1 - start_of_line) + len(written)
        padding = " " * max(2, old_column - used)
        yield _Edit(colon + 1, line_end, f"{written}{padding}# {working}")
    else:
        yield _Edit(colon + 1, end, written)


def _end_of(source: str, node: yaml.Node) -> int:
    """Where a node's text ends (a block node's end mark may sit on the next line)."""
    end = node.end_mark.index
    while end > 0 and source[end - 1] in " \n":
        end -= 1
    return end


def _flow(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return str(value)


def _block(result: Any, column: int) -> str:
    """A whole `expected:` (or `expected_error:`) entry for a result (or a refusal)."""
    pad = " " * column
    if isinstance(result, InputError):
        return f"expected_error: {{field: {next(iter(result.errors))}}}"
    found = outcome_of(result)
    lines = ["expected:"]
    for key in ORDER:
        value = found[key]
        if key in OPTIONAL and value == OPTIONAL[key]:
            continue
        if key in LISTED:
            continue  # a case lists the outputs and rows it checks; none are chosen for it here
        if key == "components":
            lines.append(f"{pad}  components:")
            lines += [f"{pad}    {cid}: {_flow(amount)}" for cid, amount in value.items()]
        else:
            lines.append(f"{pad}  {key}: {_flow(value)}")
    return "\n".join(lines)


def outcome_of(result: Result) -> dict[str, Any]:
    """A result's expected fields, as a golden case writes them."""
    return {
        "outputs": {o.id: o.value for o in result.outputs},
        "rows": rows_of(result),
        "total": result.total,
        "complete": result.complete,
        "pending": list(result.pending),
        "components": {c.id: c.amount for c in result.components},
        "uses_assumptions": result.uses_assumptions,
        "assumed": list(result.assumed),
    }


def rows_of(result: Result) -> dict[str, Any]:
    """A budget's table as flat entries a case can list: '1.members' (first ấp), '1.year_amount',
    '1.2027-03' (its amount for March 2027), 'total.2027-03' (every ấp's, that month)."""
    data = result.to_dict()
    found: dict[str, Any] = {}
    for number, row in enumerate(data.get("rows", []), start=1):
        for key in ("max_members", "max_to_vien", "members", "year_amount"):
            found[f"{number}.{key}"] = row[key]
        found.update({f"{number}.{m['month']}": m["amount"] for m in row["months"]})
    found.update({f"total.{m['month']}": m["amount"] for m in data.get("month_totals", [])})
    return found


def _working(result: Any, change: FieldChange) -> str | None:
    """The engine's working for a field that moved: what replaces a hand-written comment."""
    prefix = "golden --update: "
    if not isinstance(result, Result):
        return None
    if change.path[0] == "components":
        component = result.component(change.path[1])
        step = next((s for s in result.steps if s.label == component.label), None)
        return prefix + (step.formula if step else text.money(component.amount))
    if change.path[0] == "total":
        if result.total is None:
            return prefix + "every part that applies is pending: no total"
        last = result.steps[-1] if result.steps else None
        if last is not None and last.amount == result.total and last.label not in _labels(result):
            return prefix + last.formula
        known = [c.amount for c in result.components if c.amount is not None]
        return prefix + " + ".join(text.integer(a) for a in known) + f" = {text.integer(result.total)}"
    if change.path[0] == "outputs":
        return prefix + result.output(change.path[1]).value_text
    if change.path[0] == "rows":
        value = rows_of(result).get(change.path[1])
        return prefix + ("chưa tính được" if value is None else text.integer(value))
    return prefix.rstrip(": ")


def _labels(result: Result) -> set[str]:
    return {c.label for c in result.components}


# --- the report -------------------------------------------------------------------------------


def report(found: list[FieldChange]) -> str:
    """The changes, case by case, as the command prints them."""
    if not found:
        return "Mọi ca kiểm thử mẫu khớp với rates.yaml."
    out: list[str] = []
    current = None
    for change in found:
        if change.case != current:
            current = change.case
            out.append(f"Ca {current}")
        out.append(str(change))
    cases_count = len({c.case for c in found})
    out.append(f"{len(found)} mục ở {cases_count} ca.")
    return "\n".join(out)
