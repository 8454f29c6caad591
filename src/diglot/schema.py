"""diglot's JSON form of the model: ``to_dict``/``from_dict`` with a schema version.

``from_dict(to_dict(doc)) == doc`` for every document. Field names follow the
dataclasses; ``None`` and empty values are kept so the file is self-describing.
"""

from __future__ import annotations

import dataclasses
import json
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


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.metadata.get("transient")
        }
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


def loads(text: str, *, file: str = "<json>") -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno) from None
    return from_dict(data, file=file)


def _build(cls: type, data: Any, **nested: Any) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__} must be an object, got {type(data).__name__}")
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown {cls.__name__} field(s): {', '.join(sorted(unknown))}")
    kwargs = {k: v for k, v in data.items()}
    for key, convert in nested.items():
        if key in kwargs and kwargs[key] is not None:
            kwargs[key] = convert(kwargs[key])
    for f in dataclasses.fields(cls):
        if f.name in kwargs and isinstance(kwargs[f.name], list) and f.name not in nested:
            kwargs[f.name] = tuple(kwargs[f.name])
    return cls(**kwargs)


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
