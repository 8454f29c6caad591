"""Options from the command line: ``NAME=VALUE`` strings into a typed options dataclass, checked in one place.

Used for exporter options (``-O``) and subtitle limits (``check -L``) alike.
A field's choices come from a ``Literal[...]`` annotation or from
``metadata={"choices": (...)}`` (old spellings a format still accepts for one
release: ``metadata={"deprecated": (...)}``); booleans take
``true/false/yes/no/on/off/1/0``, tuples comma-separated lists, optional
fields ``none``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from .errors import OptionError


def split_setting(item: str, what: str = "option") -> tuple[str, str]:
    """``"max-chars=14"`` -> ``("max_chars", "14")``; raises :class:`OptionError` without ``=``."""
    name, sep, raw = item.partition("=")
    if not sep or not name.strip():
        raise OptionError(f"{what} {item!r}: expected NAME=VALUE")
    return name.strip().replace("-", "_"), raw.strip()


def choices_of(f: dataclasses.Field, kind: Any) -> tuple[Any, ...] | None:
    """The values field *f* (annotated *kind*) allows, or ``None`` for any."""
    if typing.get_origin(kind) is typing.Literal:
        return typing.get_args(kind)
    return f.metadata.get("choices")


def _check_choice(value: Any, f: dataclasses.Field, choices: tuple[Any, ...], where: str) -> None:
    if value not in choices and value not in f.metadata.get("deprecated", ()):
        raise OptionError(f"option {where}: {value!r} is not one of {', '.join(map(str, choices))}")


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of *cls*, once per class; {} when a plug-in's cannot be resolved (its metadata choices still count)."""
    if cls not in _HINTS:
        try:
            _HINTS[cls] = typing.get_type_hints(cls)
        except Exception:  # noqa: BLE001
            _HINTS[cls] = {}
    return _HINTS[cls]


def check_choices(options: Any) -> None:
    """Raise :class:`OptionError` when a field of the dataclass *options* holds a value outside its choices.

    For options made in Python (``AnkiOptions(clip_format="wav")``): those from
    the command line were checked by :func:`convert`. Call it from ``__post_init__``.
    """
    hints = _hints(type(options))
    for f in dataclasses.fields(options):
        choices = choices_of(f, hints.get(f.name, Any))
        if choices is not None:
            _check_choice(getattr(options, f.name), f, choices, f.name.replace("_", "-"))


def convert(value: str, f: dataclasses.Field, kind: Any, where: str) -> Any:
    """Turn the command-line string *value* into *kind*, the type of field *f* (*where* names it in errors)."""
    choices = choices_of(f, kind)
    if choices is not None:
        _check_choice(value, f, choices, where)
        return value
    optional = False
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        optional = len(args) < len(typing.get_args(kind))
        kind = args[0] if len(args) == 1 else str
    if optional and value.lower() in ("", "none"):
        return None
    try:
        if kind is bool:
            low = value.lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected true or false")
        if kind is int:
            return int(value)
        if kind is float:
            return float(value)
        if typing.get_origin(kind) is tuple or kind is tuple:
            return tuple(v.strip() for v in value.split(",") if v.strip())
    except ValueError as exc:
        raise OptionError(f"option {where}: bad value {value!r}: {exc}") from None
    return value


def from_settings(cls: type, settings: dict[str, str], owner: str) -> Any:
    """A *cls* instance (a dataclass) with *settings* (name -> command-line string) applied.

    Raises :class:`OptionError` naming *owner* for unknown names or bad values.
    """
    fields = {f.name: f for f in dataclasses.fields(cls)}
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - a plug-in's unresolvable annotation: take the text as given
        hints = {}
    values: dict[str, Any] = {}
    for key, raw in settings.items():
        name = key.replace("-", "_")
        if name not in fields:
            known = ", ".join(f.replace("_", "-") for f in fields) or "none"
            raise OptionError(f"{owner} has no option {key!r} (its options: {known})")
        values[name] = convert(raw, fields[name], hints.get(name, str), f"{owner}.{name}")
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise OptionError(f"{owner} options: {exc}") from None
