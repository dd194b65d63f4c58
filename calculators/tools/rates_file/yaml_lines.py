"""Reading YAML while remembering the line of every key and list item.

PyYAML's safe loader, changed in seven ways: a key written twice is an error (PyYAML keeps the
last one silently); lists and mappings nested more than MAX_DEPTH deep, and more than MAX_NODES
keys, values and lists in all, are an error; an alias (`*name`, a reference to an `&name` anchor) is an error, since
rates.yaml never needs one and a few nested aliases in a small file expand to millions of values
(the "billion laughs"); dates stay text, so the schema parses them and reports bad ones with a
line; a number is a number only when written as plain decimal digits, and true/false only when
written so (YAML 1.1 reads `02340000` as octal, `0x23B4A0` as hex, `39:00:00` as sexagesimal,
`2_340_000` with underscores, `yes` as true: those stay text, and the rules refuse them as
money that is not written as a whole number); and every mapping and list remembers where its
keys and items were written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
# Plain decimal digits, at most 19 of them (a longer number is no figure of this file, and
# Python refuses to read a very long one with a traceback).
PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,18})$")
PLAIN_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
# rates.yaml nests 7 levels deep. libyaml's composer recurses in C and crashes the process
# (a segmentation fault, no message) on a few hundred thousand levels, which fit in 1 MB
# (`- - - …`, `[[[…`): deeper than this is refused before anything is built.
MAX_DEPTH = 40
# rates.yaml holds about 1,500 keys, values and lists. A file of 1 MB may hold a hundred times
# more, and building, checking and describing each costs time: beyond this many the file is
# refused as it is read, so that any file check-rates accepts to read is answered in a second.
MAX_NODES = 40_000


class LineDict(dict):
    """A YAML mapping that knows the line of each of its keys."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}


class LineList(list):
    """A YAML sequence that knows the line of each of its items."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A key written twice in the same mapping."""

    def __init__(self, key: Any, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(problem=f"duplicate key {key!r}", problem_mark=mark)
        self.key = key
        self.first_line = first_line


class AliasError(yaml.MarkedYAMLError):
    """An alias (`*name`): refused, every value is written out in full."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(problem="alias", problem_mark=mark)


class TooDeepError(yaml.MarkedYAMLError):
    """Lists and mappings nested deeper than MAX_DEPTH."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(problem="nested too deep", problem_mark=mark)


class TooManyError(yaml.MarkedYAMLError):
    """More than MAX_NODES keys, values and lists."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(problem="too many nodes", problem_mark=mark)


class LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records lines, refuses duplicate keys and aliases, keeps dates as text."""

    depth = 0
    nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise AliasError(self.peek_event().start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooManyError(self.peek_event().start_mark)
        if not self.check_event(yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooDeepError(self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (TIMESTAMP_TAG, INT_TAG, BOOL_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_implicit_resolver(INT_TAG, PLAIN_INT, list("-+0123456789"))
LineLoader.add_implicit_resolver(BOOL_TAG, PLAIN_BOOL, list("tTfF"))


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            ) from None
        if key in mapping:
            raise DuplicateKeyError(key, mapping.key_lines[key], key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList()
    items.line = node.start_mark.line + 1
    for child in node.value:
        items.append(loader.construct_object(child, deep=True))
        items.item_lines.append(child.start_mark.line + 1)
    return items


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# The same loader on libyaml's parser, when PyYAML has it: a large file parses ten times faster.
# libyaml composes aliases itself, so they are looked for among its events first.
if hasattr(yaml, "CSafeLoader"):

    class FastLineLoader(yaml.CSafeLoader):
        """LineLoader's resolvers and constructors on libyaml's parser."""

    FastLineLoader.yaml_implicit_resolvers = LineLoader.yaml_implicit_resolvers
    FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
else:  # pragma: no cover - PyYAML built without libyaml
    FastLineLoader = None


def parse(text: str) -> Any:
    """Parse YAML text into LineDict / LineList / scalars. Raises yaml.YAMLError.

    libyaml's parser reads a well-formed file; a file it cannot read is read again by PyYAML's
    own parser, whose messages and marks the checker's explanations are written for."""
    if FastLineLoader is not None:
        try:
            _scan(text)
            return yaml.load(text, Loader=FastLineLoader)
        except (AliasError, TooDeepError, TooManyError):
            raise
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=LineLoader)


def _scan(text: str) -> None:
    """Refuse aliases, deep nesting and too many nodes from libyaml's events (its parser keeps
    its own stack, so any depth is safe to read this way), before its recursive composer sees
    them."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=FastLineLoader):
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                raise TooManyError(event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeepError(event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise AliasError(event.start_mark)


def line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest part of `loc` that exists in the parsed data."""
    line = getattr(data, "line", None)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def syntax_error_line(text: str, error: yaml.YAMLError) -> int | None:
    """The line to blame for a YAML syntax error.

    PyYAML reports where it noticed the problem. When an unclosed quote, bracket or a key
    without its colon made it read on, that can be lines (for a quote, hundreds of lines)
    after the mistake; the line where the quote, bracket or key starts is then the one to fix.
    """
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    if context_mark is not None and (context.startswith("while scanning") or "flow" in context):
        return context_mark.line + 1
    if line is not None:
        opened = _quote_closed_on(text, line)
        if opened is not None:
            return opened
    return line


def _quote_closed_on(text: str, line: int) -> int | None:
    """Where a quoted text that runs over several lines and ends on `line` (or the line before) opens."""
    found = None
    try:
        for token in yaml.scan(text, Loader=LineLoader):
            if token.start_mark.line + 1 > line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and token.end_mark.line > token.start_mark.line
                and token.end_mark.line + 1 in (line - 1, line)
            ):
                found = token.start_mark.line + 1
    except (yaml.YAMLError, RecursionError):
        pass
    return found
