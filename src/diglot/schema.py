"""diglot's JSON form of the model: ``to_dict``/``from_dict`` with a schema version.

``from_dict(to_dict(doc)) == doc`` for every document. Field names follow the
dataclasses; ``None`` and empty values are kept so the file is self-describing.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import types
import typing
from typing import Any

from .errors import InputError
from .model import (
    SCHEMA_VERSION,
    Document,
    Notice,
    Origin,
    Section,
    Segment,
    SentencePair,
    Term,
    Timing,
)

FORMAT_TAG = "diglot"


def to_dict(doc: Document) -> dict[str, Any]:
    """The JSON-ready dict of *doc*, tagged with the format name and schema version."""
    body = _plain(doc)
    return {"format": FORMAT_TAG, "schema": SCHEMA_VERSION, "document": body}


def dumps(doc: Document) -> str:
    """*doc* as deterministic, human-readable JSON text (ends with a newline)."""
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@functools.cache
def _written_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, omit when None) of the fields of dataclass *cls* that JSON keeps (not ``transient``)."""
    return tuple(
        (f.name, bool(f.metadata.get("omit_none"))) for f in dataclasses.fields(cls) if not f.metadata.get("transient")
    )


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _LEAVES:  # most values: no dataclass or container checks
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for name, omit_none in _written_fields(type(value)):
            item = getattr(value, name)
            if not (omit_none and item is None):
                out[name] = _plain(item)
        return out
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def from_dict(data: Any, *, file: str = "<json>") -> Document:
    """Rebuild a :class:`Document` from :func:`to_dict` output.

    Raises :class:`InputError` when *data* is not a diglot document of a
    schema this version understands.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT_TAG:
        raise InputError("not a diglot JSON document (no \"format\": \"diglot\")", file=file)
    schema = data.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION or schema < 1:
        raise InputError(f"unsupported diglot JSON schema {schema!r} (this diglot reads 1..{SCHEMA_VERSION})", file=file)
    body = data.get("document")
    if not isinstance(body, dict):
        raise InputError("diglot JSON has no \"document\" object", file=file)
    try:
        return _document(body)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InputError(f"malformed diglot JSON document: {exc}", file=file) from None
    except RecursionError:
        raise InputError("malformed diglot JSON document: nested too deeply", file=file) from None


def loads(text: str, *, file: str = "<json>") -> Document:
    """Parse diglot JSON *text*; unpaired surrogate escapes (``"\\ud800"``) become U+FFFD with a notice."""
    from .textio import scrub_surrogates

    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno) from None
    except ValueError as exc:
        raise InputError(f"invalid JSON: {exc}", file=file) from None
    except RecursionError:
        raise InputError("invalid diglot JSON: nested too deeply", file=file) from None
    doc = from_dict(data, file=file)
    if "\\ud" in text.lower():
        scrubbed, count = scrub_surrogates(dumps(doc))
        if count:
            doc = from_dict(json.loads(scrubbed), file=file)
            notice = Notice(file, None, f"{count} unpaired surrogate escape(s) replaced by U+FFFD")
            doc = dataclasses.replace(doc, notices=(*doc.notices, notice))
    return doc


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved field annotations of a model class, once per class (resolving them compiles strings each time)."""
    return typing.get_type_hints(cls)


def _build(cls: type, data: Any, **nested: Any) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__} must be an object, got {type(data).__name__}")
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown {cls.__name__} field(s): {', '.join(sorted(unknown))}")
    kwargs = {k: v for k, v in data.items()}
    hints = _hints(cls)
    for key, value in kwargs.items():
        if (key not in nested or value is None) and not _fits(value, hints[key]):
            raise TypeError(f"{cls.__name__}.{key} must be {_describe(hints[key])}, got {json.dumps(value)[:60]}")
    for key, convert in nested.items():
        if key in kwargs and kwargs[key] is not None:
            kwargs[key] = convert(kwargs[key])
    for f in dataclasses.fields(cls):
        if f.name in kwargs and isinstance(kwargs[f.name], list) and f.name not in nested:
            kwargs[f.name] = tuple(kwargs[f.name])
    return cls(**kwargs)


def _fits(value: Any, hint: Any) -> bool:
    """Whether the JSON *value* can stand for a field annotated *hint*."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, h) for h in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if hint is str:
        return isinstance(value, str)
    if origin is tuple:
        args = typing.get_args(hint)
        return isinstance(value, list) and all(_fits(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    return True  # nested dataclasses are checked by their own converter


def _describe(hint: Any) -> str:
    return str(hint).replace("typing.", "").replace("NoneType", "null")


def _origin(d: Any) -> Origin:
    return _build(Origin, d)


def _pair(d: Any) -> SentencePair:
    return _build(SentencePair, d, word_starts=tuple)


def _segment(d: Any) -> Segment:
    return _build(Segment, d, origin=_origin, pairs=lambda xs: tuple(_pair(x) for x in xs))


def _document(d: dict[str, Any]) -> Document:
    return _build(
        Document,
        d,
        segments=lambda xs: tuple(_segment(x) for x in xs),
        sections=lambda xs: tuple(_build(Section, x, origin=_origin) for x in xs),
        terms=lambda xs: tuple(_build(Term, x) for x in xs),
        notices=lambda xs: tuple(_build(Notice, x) for x in xs),
        timing=lambda x: _build(Timing, x),
        extra=dict,
    )
