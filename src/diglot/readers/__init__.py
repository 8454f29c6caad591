"""Readers: one module per input family, a registry, and sniffing.

A reader module defines ``NAME``, ``sniff(text) -> bool`` ("is this
mine?") and ``read(text, file) -> Document``; it is registered below with
its one-line description (see :mod:`diglot.registry`: listing and
describing import no reader). :func:`detect` accepts a single claimant
only; none or several is an :class:`InputError` that says so.
"""

from __future__ import annotations

from types import ModuleType

from ..errors import InputError
from ..registry import Registry

#: sniffing asks the readers in this order
#: (each sniffs through its predicate in :mod:`diglot.readers.sniff`, so only the claimant is imported)
READERS: Registry[ModuleType] = Registry("input format", error=InputError)
_SNIFF = "diglot.readers.sniff:"
READERS.register("json", "diglot.readers.json", "diglot JSON model (written by --to json)", sniff=_SNIFF + "json")
READERS.register(
    "paired", "diglot.readers.paired", "paired paragraphs: English paragraph(s), then their Chinese translation", sniff=_SNIFF + "paired"
)
READERS.register(
    "frontmatter",
    "diglot.readers.frontmatter",
    "front-matter Markdown: Chinese turns, English originals in <details> blocks",
    sniff=_SNIFF + "frontmatter",
)
READERS.register(
    "subtitles",
    "diglot.readers.subtitles",
    "one bilingual subtitle file (SRT, WebVTT or ASS/SSA) with both languages in each cue",
    sniff=_SNIFF + "subtitles",
)
READERS.register(
    "subtitle-pair",
    "diglot.readers.subtitle_pair",
    "two subtitle files of one video, one per language (talk.en.srt talk.zh.srt, or --source/--target)",
    sniff=_SNIFF + "subtitle_pair",
)


def available() -> list[str]:
    return READERS.names()


def describe(name: str) -> str:
    """The one-line description of reader *name* (imports nothing)."""
    return READERS.describe(name)


def get(name: str) -> ModuleType:
    return READERS.get(name)


def detect(text: str, file: str) -> ModuleType:
    """The one reader that claims *text*; raises :class:`InputError` otherwise."""

    def none() -> InputError:
        reason = get("paired").monolingual_reason(text)
        if reason:
            return InputError(reason, file=file)
        return InputError(
            "not a transcript diglot knows (neither paired paragraphs, front-matter Markdown with "
            "<details> originals, nor diglot JSON)",
            file=file,
        )

    def several(names: list[str]) -> InputError:
        return InputError(f"ambiguous input: looks like several formats ({', '.join(names)}); pick one with --from", file=file)

    return get(READERS.detect(text, lambda reader, t: bool(reader.sniff(t)), none=none, several=several))
