"""YAML front matter loaded with limits: no alias bombs, no deep nesting, no impossible dates.

PyYAML's ``safe_load`` expands aliases into shared objects that a writer then
copies out in full (450 bytes of nested aliases became a 170 MB JSON), nests
as deep as the input (a ``RecursionError``), and raises ``ValueError`` for a
timestamp that is not a real date (``2025-13-01``). :func:`load` refuses the
first two with an :class:`InputError` and reads the third as text.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..model import Notice

#: the largest front matter read, in characters
MAX_CHARS = 64 * 1024
#: the deepest nesting of lists and mappings
MAX_DEPTH = 50
#: the most values the front matter may hold once every alias is expanded
MAX_NODES = 10_000


def load(text: str, file: str, first_line: int = 2, notices: list[Notice] | None = None) -> Any:
    """The value of the YAML document *text* (``None`` when empty), within the limits above.

    Every mapping key is text, as written: YAML reads ``1:``, ``true:``,
    ``2024-01-01:`` and a key with no name (``: x``, or an anchor before the
    colon, ``&guest: x``) as a number, a boolean, a date and null, which JSON
    cannot keep as keys. A key with no name, and a key given twice, are
    reported in *notices*. Raises :class:`InputError` naming *file* (lines
    counted from *first_line*) for invalid YAML or YAML over a limit.
    """
    if len(text) > MAX_CHARS:
        raise InputError(f"YAML front matter is {len(text):,} characters; the limit is {MAX_CHARS:,}", file=file, line=first_line)
    simple = _simple(text)
    if simple is not None:
        return simple
    import yaml

    try:
        _check_depth(yaml.parse(text, Loader=yaml.SafeLoader), file, first_line)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            return None
        _check_size(node, file, first_line)
        return _Loader.construct(node, file, first_line, notices if notices is not None else [])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = getattr(mark, "line", None)
        raise InputError(
            f"invalid YAML front matter: {getattr(exc, 'problem', None) or exc}".replace("\n", " "),
            file=file,
            line=(line + first_line) if line is not None else None,
        ) from None
    except RecursionError:
        raise InputError("YAML front matter is nested too deeply", file=file, line=first_line) from None


#: a character YAML does not read as printable, or reads as a line break or byte-order mark: the complement of
#: ``[\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]``, written as
#: such because that class takes milliseconds to compile (its ranges are walked code point by code point); a set of
#: the characters of ``[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]``, not that
#: class itself, which still took a millisecond of every reading to compile
_NOT_PLAIN_TEXT = frozenset(
    map(chr, [*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0xD800, 0xE000), 0xFEFF, 0xFFFE, 0xFFFF])
)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: the rest of a plain scalar YAML can only read as text, after its first character (see :func:`_plain`)
_PLAIN_REST = re.compile(r"(?:[^:#'\"\\{}\[\],&*!|>%@` ]|:(?=[^ ])| (?=[^ #]))*")
_QUOTED = re.compile(r"\"[^\"\\]*\"|'[^']*'")
_ITEM = re.compile(r"( {0,2})- (.*)")
#: plain words YAML 1.1 resolves to booleans or null (PyYAML's resolver)
_SPECIAL = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split())
_BOOLS = {"true": True, "True": True, "false": False, "False": False}


def _plain(value: str) -> bool:
    r"""True for a plain scalar YAML can only read as text: it starts with a letter; no indicator, quote or escape
    anywhere; ``:`` only before a non-space, ``#`` only after one.

    The same as ``re.fullmatch(r"[A-Za-z\u3400-\u9fff]" + _PLAIN_REST.pattern, value)``, with the first
    character tested here: that Han class takes milliseconds to compile.
    """
    first = value[:1]
    if not ("a" <= first <= "z" or "A" <= first <= "Z" or "\u3400" <= first <= "\u9fff"):
        return False
    return _PLAIN_REST.fullmatch(value, 1) is not None


def _scalar(value: str) -> str | bool | list[Any] | None:
    """*value* as PyYAML reads it, when it is a scalar whose reading is certain; else None."""
    if _QUOTED.fullmatch(value):
        return value[1:-1]
    if value == "[]":
        return []
    if value in _BOOLS:
        return _BOOLS[value]
    if value not in _SPECIAL and _plain(value):
        return value
    return None


def _simple(text: str) -> dict[str, Any] | None:
    """The mapping of *text* without PyYAML, when it is the common flat front matter; else None.

    Only ``key: value`` lines and ``key:`` followed by ``- item`` lines, keys plain
    words, values quoted strings without escapes, plain text starting with a letter,
    or ``true``/``false``: the values PyYAML reads as exactly these strings and
    booleans (``tests/readers/test_safeyaml.py`` compares the two). Anything
    else (comments, blank lines, nesting, numbers, dates, null) returns None and
    is read by PyYAML.
    """
    if not text or not _NOT_PLAIN_TEXT.isdisjoint(text):
        return None
    out: dict[str, Any] = {}
    items: list[Any] | None = None
    indent = ""
    folding = ""  # the key of a plain value that a more indented line continues
    for line in text.split("\n"):
        if folding and line.startswith(" ") and _plain(line.lstrip(" ")):
            out[folding] += " " + line.lstrip(" ")  # a plain scalar folds its lines with one space
            continue
        folding = ""
        m = _ITEM.fullmatch(line)
        if m:
            value = _scalar(m.group(2))
            if items is None or value is None or (items and m.group(1) != indent):
                return None
            indent = m.group(1)
            items.append(value)
            continue
        if items == []:
            return None  # "key:" without items is null
        key, colon, value = line.partition(":")
        if not colon or not _KEY.fullmatch(key) or key in _SPECIAL or key in out:
            return None
        if value == "":
            out[key] = items = []
            continue
        items = None
        if not value.startswith(" ") or value.startswith("  "):
            return None
        scalar = _scalar(value[1:])
        if scalar is None:
            return None
        out[key] = scalar
        if isinstance(scalar, str) and not _QUOTED.fullmatch(value[1:]):
            folding = key
    if items == [] or len(text) > MAX_NODES:
        return None
    return out


def _check_depth(events: Any, file: str, first_line: int) -> None:
    import yaml

    depth = 0
    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + first_line if event.start_mark else first_line
                raise InputError(f"YAML front matter nests deeper than {MAX_DEPTH} levels", file=file, line=line)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _check_size(root: Any, file: str, first_line: int) -> None:
    """Count the values of *root* with every alias expanded, without expanding them."""
    import yaml

    sizes: dict[int, int] = {}
    # iterative post-order walk over the node graph; a node on the path twice is a recursive alias
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                raise InputError(
                    f"YAML front matter expands to more than {MAX_NODES:,} values (nested aliases)",
                    file=file,
                    line=node.start_mark.line + first_line,
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise InputError("YAML front matter has a recursive alias", file=file, line=node.start_mark.line + first_line)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)


class _Loader:
    """Builds Python values from checked nodes; a timestamp that is not a real date stays text; keys are text."""

    @staticmethod
    def construct(node: Any, file: str, first_line: int, notices: list[Notice]) -> Any:
        import yaml

        class Constructor(yaml.constructor.SafeConstructor):
            def construct_yaml_timestamp(self, node: Any) -> Any:
                try:
                    return super().construct_yaml_timestamp(node)
                except (ValueError, OverflowError):
                    return self.construct_scalar(node)

            def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
                own = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
                self.flatten_mapping(node)  # "<<: *base" puts the merged pairs first; the mapping's own keys override them
                merged = len(node.value) - own
                mapping: dict[str, Any] = {}
                lines: dict[str, int] = {}
                for i, (key_node, value_node) in enumerate(node.value):
                    key = self.construct_object(key_node, deep=deep)  # still refuses what YAML refuses
                    if not isinstance(key_node, yaml.ScalarNode):
                        raise yaml.constructor.ConstructorError(
                            "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                        )
                    text = key if isinstance(key, str) else key_node.value
                    line = key_node.start_mark.line + first_line
                    if text == "":
                        notices.append(Notice(file, line, "front-matter key with no name (': value', or an anchor such as '&guest' before the colon): kept as ''"))
                    if i >= merged:  # one of the mapping's own keys
                        if text in lines:
                            notices.append(Notice(file, line, f"front-matter key {text!r} given twice (lines {lines[text]} and {line}): the earlier value left out"))
                        lines[text] = line
                    mapping[text] = self.construct_object(value_node, deep=deep)
                return mapping

        Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
        return Constructor().construct_document(node)
