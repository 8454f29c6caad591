"""What the SRT, WebVTT and ASS writers share: options, the cues (built once, part of them possibly in
another process: :class:`LendsCues`), and safe cue text.

Safety rules (see the subtitles guide): times are integer milliseconds rounded
once; no cue line is blank (text is re-wrapped, so paragraph breaks, tabs and
stray newlines never reach the file); ``-->`` never appears in a cue.

* WebVTT escapes ``&``, ``<`` and ``>`` as entities, which removes ``-->``
  and keeps the text exact.
* SRT has no escapes, so a ZERO WIDTH SPACE (U+200B, invisible) is inserted
  into ``-->``, after any ``<`` with a ``>`` later on its line (players would
  take ``<b>``, ``< b >`` or ``<1>`` as a tag) and after a backslash before a letter (``\\N`` is a
  line break to FFmpeg and libass); a ``{...}`` pair, even one spanning the lines
  of a cue, becomes full-width ``｛...｝``, since
  FFmpeg, libass and mpv read it as an ASS override block and hide it (the
  one change of text diglot makes, and only in SRT).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import ClassVar, Generic, TypeVar

from ...errors import OptionError
from ...lang.linebreak import normalize_space
from ...model import Document
from ...timing.params import TimingParams, is_timed, parse_duration, parse_offset
from ..layout import LAYOUTS, ORDERS, normalize_layout
from .cues import SPEAKER_MARKS, Cue, PairCues, SubtitleStyle, build_cues, kept_pairs, pair_cues

ZWSP = "\u200b"

_SRT_TAG = re.compile(r"<(?=[^\n]*>)")  # FFmpeg reads "<>", "<1>", "< b>" as tags too
_SRT_BACKSLASH = re.compile(r"\\(?=[A-Za-z{}])")
_SRT_BRACES = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class _CueChoices:
    """The subtitle options that are not style limits (a base, so they come first in option lists)."""

    layout: str = field(default="parallel", metadata={"help": "languages in each cue: parallel or interleaved (both, one above the other: a cue has no columns, so the two are the same), source or target (one language, the other filling in where a sentence lacks it); 'bilingual' is the old name of parallel", "choices": LAYOUTS, "deprecated": ("bilingual",)})
    order: str = field(default="target-first", metadata={"help": "which language is on top in two-language cues", "choices": ORDERS})
    speaker: str = field(default="dash", metadata={"help": "mark the first cue of each speaker turn with a leading dash or the speaker's name", "choices": SPEAKER_MARKS})
    duration: str | None = field(default=None, metadata={"help": "length of the talk in the video, HH:MM:SS[.mmm]; estimated times are stretched to it"})
    offset: str = field(default="0", metadata={"help": "shift every cue by this much: signed seconds or [-]HH:MM:SS[.mmm] (where the talk starts in the video)"})
    wpm: float = field(default=155.0, metadata={"help": "speaking rate (words per minute) for estimated timing"})
    spm: float | None = field(default=None, metadata={"help": "speaking rate in syllables per minute instead (about 1.5 x wpm)"})


@dataclass(frozen=True)
class SubtitleOptions(SubtitleStyle, _CueChoices):
    """Options shared by the SRT, WebVTT and ASS exporters: the choices above, then the :class:`SubtitleStyle` limits."""

    #: old option spellings normalised in __post_init__ (see exporters.layout), reported with the export
    warnings: ClassVar[tuple[str, ...]] = ()
    keep_cues: bool = field(default=False, metadata={"help": "input read from subtitle files: keep their cues and timing, the two languages merged cue by cue, instead of re-segmenting"})

    def __post_init__(self) -> None:
        normalize_layout(self, "subtitle", ("bilingual",))
        if self.speaker not in SPEAKER_MARKS:
            raise OptionError(f"option speaker: {self.speaker!r} is not one of {', '.join(SPEAKER_MARKS)}")
        self.duration_ms  # noqa: B018 - validate now, with a message naming the option
        self.offset_ms  # noqa: B018
        if self.wpm <= 0 or (self.spm is not None and self.spm <= 0):
            raise OptionError("option wpm/spm: the speaking rate must be above zero")
        self.style()

    @property
    def duration_ms(self) -> int | None:
        return parse_duration(self.duration)

    @property
    def offset_ms(self) -> int:
        return parse_offset(self.offset)

    def timing(self) -> TimingParams:
        """The times these subtitles ask the pipeline for."""
        return TimingParams(
            duration_ms=self.duration_ms,
            offset_ms=self.offset_ms,
            wpm=self.wpm,
            spm=self.spm,
            source_cps=self.cps_source,
            target_cps=self.cps_target,
            speaker_names=self.speaker == "name",
        )

    def style(self) -> SubtitleStyle:
        """The style limits alone (validated there)."""
        return SubtitleStyle(**{f.name: getattr(self, f.name) for f in fields(SubtitleStyle)})


def timing_notes(doc: Document, duration_ms: int | None) -> list[str]:
    """What the user should know about how *doc* (prepared) was timed."""
    if doc.has_real_timing and is_timed(doc):
        return ["duration ignored: the document has reference timing"] if duration_ms is not None else []
    return [
        "timing estimated from speaking rate"
        + (" (stretched to the given duration)" if duration_ms else "; -O duration=HH:MM:SS fits it to the video, --timing-from REF syncs it")
    ]


def make_cues(document: Document, options: SubtitleOptions) -> tuple[list[Cue], Document, list[str]]:
    """The cues of *document*, prepared with ``options.timing()`` (see :func:`diglot.prepare`).

    Returns the cues, the document and notes for the user. Raises
    :class:`OptionError` when the document has untimed sentence pairs. Built
    once per document and cue options (every option but ``order``): the SRT,
    WebVTT and ASS files of one run share them.
    """
    from ...memo import per_document

    cues, doc, notes = per_document(document, ("cues", *_cue_key(options)), lambda: _make_cues(document, options))
    return list(cues), doc, list(notes)


def _cue_key(options: SubtitleOptions) -> tuple[object, ...]:
    """What the cues depend on: every shared subtitle option but ``order``."""
    return tuple(getattr(options, f.name) for f in fields(SubtitleOptions) if f.name != "order")


def qc_summary(document: Document, options: SubtitleOptions) -> str:
    """The QC summary of the cues :func:`make_cues` gives for *document* and *options*.

    Checked once per document and cue options: SRT and WebVTT write the same
    cues against the same limits, so the second finds the first one's line.
    """
    from ...memo import per_document
    from . import qc

    return per_document(document, ("qc", *_cue_key(options)), lambda: qc.check(qc.from_cues(make_cues(document, options)[0]), options.style()).summary())


def _cue_layout(options: SubtitleOptions) -> str:
    """The cue builder's word for the layout option: both languages are ``bilingual`` to it."""
    return "bilingual" if options.layout in ("parallel", "interleaved") else options.layout


def _make_cues(document: Document, options: SubtitleOptions) -> tuple[list[Cue], Document, list[str]]:
    if options.keep_cues:
        from .kept import kept_cues

        kept, notes = kept_cues(document, layout=_cue_layout(options), offset_ms=options.offset_ms)
        return kept, document, [*options.warnings, *notes]
    style = options.style()
    notes = [*options.warnings, *timing_notes(document, options.duration_ms)]
    cues = build_cues(document, style, layout=_cue_layout(options), speaker_mark=options.speaker)
    if not cues:
        notes = [*options.warnings, "no text to subtitle: the file has no cues"]
    return cues, document, notes


def segments_in_part(document: Document, part: tuple[float, float]) -> frozenset[int]:
    """The indexes of the segments of *document* in *part* of its sentence pairs' text, ``(start, stop)`` fractions of it.

    Measured in characters (the cost of building cues goes about with the text), segments with the
    same text counted together where the first of them stands: the per-sentence memos of the
    splitter (word links, Chinese words) serve the repeats of a sentence in the process that has
    it, so repeats stay together (a talk that repeats nothing is cut in two runs). ``(0, f)`` and
    ``(f, 1)`` are the two sides of one cut.
    """
    groups: dict[tuple[tuple[str | None, str | None], ...], list[int]] = {}
    for n, seg in enumerate(document.segments):
        groups.setdefault(tuple((p.source, p.target) for p in seg.pairs), []).append(n)
    sizes = [(sum(len(s or "") + len(t or "") for s, t in text) * len(members), members) for text, members in groups.items()]
    total = sum(size for size, _ in sizes) or 1
    chosen: set[int] = set()
    done = 0
    for size, members in sizes:
        if part[0] * total <= done < part[1] * total or (part[1] >= 1 and done >= part[0] * total):
            chosen.update(members)
        done += size
    return frozenset(chosen)


def prebuild_cues(document: Document, options: SubtitleOptions, part: tuple[float, float]) -> PairCues:
    """The cues of the sentence pairs in *part* of *document* (see :func:`segments_in_part`), as :func:`make_cues`
    builds them with *options*: kept in the memo here, and returned (picklable) for :func:`absorb_cues`
    in another process that renders the same prepared document. Empty with ``keep-cues``."""
    if options.keep_cues:
        return {}
    segments = segments_in_part(document, part)
    kept = pair_cues(document, options.style(), layout=_cue_layout(options), speaker_mark=options.speaker, segments=segments)
    return {key: value for key, value in kept.items() if key[0] in segments}


def absorb_cues(document: Document, options: SubtitleOptions, built: PairCues) -> None:
    """Put cues :func:`prebuild_cues` built elsewhere (for the same document and *options*) in this process's memo."""
    if not options.keep_cues and built:
        kept_pairs(document, options.style(), _cue_layout(options), options.speaker).update(built)


_Options = TypeVar("_Options", bound=SubtitleOptions)


class LendsCues(Generic[_Options]):
    """What the subtitle exporters offer :func:`diglot.fanout.fork_map`: the cues of part of a document built
    in another process (:func:`prebuild_cues` there, :func:`absorb_cues` here), the same cues as built here."""

    options: _Options

    def cue_options(self) -> SubtitleOptions:
        """The options the cues are built with (ASS rounds the limits to centiseconds)."""
        return self.options

    def prebuild(self, document: Document, part: tuple[float, float]) -> PairCues:
        return prebuild_cues(document, self.cue_options(), part)

    def absorb(self, document: Document, built: PairCues) -> None:
        absorb_cues(document, self.cue_options(), built)


def ordered_sides(cue: Cue, order: str) -> list[tuple[str, tuple[str, ...]]]:
    """The cue's non-empty sides, ``("source"|"target", lines)``, in display order."""
    sides = [("target", cue.target_lines), ("source", cue.source_lines)]
    if order == "source-first":
        sides.reverse()
    return [(role, lines) for role, lines in sides if lines]


def srt_safe(text: str) -> str:
    """Cue *text* (its lines joined by newlines) made safe for SRT without losing a visible character.

    See the module docstring. Tags end at the end of a line, but an ASS
    override block ``{...}`` may span lines, so this takes the whole cue.
    """
    text = text.replace("-->", f"--{ZWSP}>")
    text = _SRT_TAG.sub(f"<{ZWSP}", text)
    text = _SRT_BACKSLASH.sub(f"\\\\{ZWSP}", text)  # "\N", "\h": ASS escapes to FFmpeg and libass
    # "{...}" is an ASS override block to FFmpeg, libass and mpv, which hide it: use full-width
    # braces, innermost pairs first, until no "{" has a "}" after it ("{a{b}c}" is one block to FFmpeg)
    while True:
        text, n = _SRT_BRACES.subn(lambda m: "\uff5b" + m.group(1) + "\uff5d", text)
        if not n:
            return text


def vtt_escape(text: str) -> str:
    """*text* escaped for a WebVTT cue payload or voice annotation."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def note_safe(text: str) -> str:
    """One line of a WebVTT NOTE: no line breaks, no control characters and no ``-->``."""
    return normalize_space(text).replace("-->", f"--{ZWSP}>")
