"""Readers: one module per input family, a registry, and sniffing.

A reader module defines ``NAME``, ``DESCRIPTION``,
``sniff(text) -> bool`` ("is this mine?") and
``read(text, file) -> Document``. :func:`detect` accepts a single claimant
only; none or several is an :class:`InputError` that says so.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import InputError

#: name -> module path; sniffing asks them in this order
_MODULES = {
    "json": "diglot.readers.json",
    "paired": "diglot.readers.paired",
    "frontmatter": "diglot.readers.frontmatter",
    "subtitles": "diglot.readers.subtitles",
    "subtitle-pair": "diglot.readers.subtitle_pair",
}


def available() -> list[str]:
    return list(_MODULES)


def get(name: str) -> ModuleType:
    if name not in _MODULES:
        raise InputError(f"unknown input format {name!r} (available: {', '.join(_MODULES)})")
    return importlib.import_module(_MODULES[name])


def detect(text: str, file: str) -> ModuleType:
    """The one reader that claims *text*; raises :class:`InputError` otherwise."""
    claimants = [get(name) for name in _MODULES if get(name).sniff(text)]
    if len(claimants) == 1:
        return claimants[0]
    if not claimants:
        reason = get("paired").monolingual_reason(text)
        if reason:
            raise InputError(reason, file=file)
        raise InputError(
            "not a transcript diglot knows (neither paired paragraphs, front-matter Markdown with "
            "<details> originals, nor diglot JSON)",
            file=file,
        )
    names = ", ".join(m.NAME for m in claimants)
    raise InputError(f"ambiguous input: looks like several formats ({names}); pick one with --from", file=file)
