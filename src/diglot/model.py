"""The shared segment model: what every reader produces and every exporter consumes.

Plain frozen dataclasses, no I/O and no knowledge of any file format. A reader
builds a :class:`Document`; transforms (sentence alignment, timing) return new
documents with :func:`dataclasses.replace`; exporters only read it.

Conventions:

* languages are BCP 47 tags (``en``, ``zh-Hans``); "source" is the language
  spoken in the talk, "target" the translation;
* times are integer milliseconds from the start of the video;
* text fields hold plain text (no Markdown, no HTML, no entities); paragraph
  breaks inside a segment are ``"\\n\\n"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: 2 added Segment.sound, Document.appendix and Document.coverage (a schema-1 file still reads)
SCHEMA_VERSION = 2

#: Values of :attr:`Timing.source` / :attr:`SentencePair.timing`.
TIMING_ESTIMATED = "estimated"
TIMING_REFERENCE = "reference"
#: Times found in the talk's own audio by forced alignment (``diglot.timing.audio``).
TIMING_AUDIO = "audio"
#: :attr:`Timing.source` of a document read from subtitle files: real times from the cues
TIMING_SUBTITLES = "subtitles"

#: Sentence pairs aligned below this confidence make no card, key sentence or
#: sentence-level book pair (on the alignment gold no right bead is below
#: 0.066; the lowest true seed pair is 0.0023: benchmarks/align_confidence.py).
MIN_ALIGN_CONFIDENCE = 0.001


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a piece of the model came from: file name and 1-based line span.

    Read from subtitles, also the 1-based cue numbers; a segment merged from
    two files (one per language) names the target-language file and its cues too.
    """

    file: str
    first_line: int
    last_line: int
    first_cue: int | None = None
    last_cue: int | None = None
    target_file: str | None = None
    target_first_cue: int | None = None
    target_last_cue: int | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning a reader or transform raised: a repair, a guess, a skipped item."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Section:
    """A chapter-like division of the document (a ``###`` heading, say)."""

    id: str
    title: str
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class SentencePair:
    """One alignment bead inside a segment: source sentence(s) and target sentence(s).

    ``source`` or ``target`` is ``None`` for a 0-1 or 1-0 bead (a sentence the
    translation dropped or added). ``start_ms``/``end_ms`` are set by timing
    transforms; ``timing`` says how they were obtained (``estimated`` or
    ``reference``) and ``confidence`` (0..1) how much of it was matched
    against a timed reference. ``align_confidence`` (0..1) is the sentence
    aligner's, a different thing: how plausible it is that the two sides
    translate each other (``None`` for a one-sided bead or an unaligned pair).
    """

    source: str | None
    target: str | None
    start_ms: int | None = None
    end_ms: int | None = None
    timing: str | None = None
    confidence: float | None = None
    #: Start times (ms) of each whitespace-separated source word, when a
    #: timing transform knows them; lets cue building split a pair precisely.
    word_starts: tuple[int, ...] | None = None
    #: The aligner's confidence that source and target translate each other
    #: (a score about the pair, not part of what the pair is: not compared).
    align_confidence: float | None = field(default=None, compare=False)
    #: Where the subtitle of this pair sat on screen in the input, as a numpad
    #: alignment (ASS ``\\an``: 7-9 top, 4-6 middle, 1-3 bottom); None is the
    #: default bottom centre. Subtitle exporters write it back (``{\\an8}``,
    #: WebVTT ``line:0``). Left out of the JSON when None.
    position: int | None = field(default=None, metadata={"omit_none": True})

    @property
    def complete(self) -> bool:
        """True when both sides are present (not a 1-0 or 0-1 bead)."""
        return bool(self.source) and bool(self.target)

    @property
    def trusted(self) -> bool:
        """A true pair: both sides, and no aligner confidence below :data:`MIN_ALIGN_CONFIDENCE`."""
        return self.complete and (self.align_confidence is None or self.align_confidence >= MIN_ALIGN_CONFIDENCE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A paragraph or a speaker turn with its translation.

    ``source`` is ``None`` only when the original is missing (broken markup);
    ``target`` is ``None`` when there is no translation. ``untranslated`` is
    true whenever either side is missing. ``repaired`` marks a segment whose
    markup the reader had to repair (see the document's notices). ``sound``
    marks a sound description (``[music]``, ``[笑声]``, ``(applause)``): not
    speech and not a translation; subtitles may show it as a bracketed cue,
    cards and glossaries skip it, and it never counts as untranslated.
    """

    id: str
    source: str | None
    target: str | None
    section: str | None = None
    speaker: str | None = None
    origin: Origin | None = None
    repaired: bool = False
    pairs: tuple[SentencePair, ...] = ()
    start_ms: int | None = None
    end_ms: int | None = None
    sound: bool = False

    @property
    def untranslated(self) -> bool:
        return not self.sound and (self.target is None or self.source is None)


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: target-language term, its source-language term and a definition."""

    target: str
    source: str | None = None
    definition: str | None = None
    #: id of the segment where the term first appears
    segment: str | None = None


@dataclass(frozen=True, slots=True)
class Timing:
    """How the document's times were obtained, when they were."""

    source: str  # TIMING_ESTIMATED, TIMING_REFERENCE, TIMING_AUDIO or TIMING_SUBTITLES
    reference: str | None = None  # file name of the timed reference (or the media file)
    coverage: float | None = None  # share of source words matched to it


@dataclass(frozen=True, slots=True)
class Clip:
    """The media cut for one sentence pair: an audio clip and, for video, a still (file paths).

    File names are content hashes, so the same cut has the same names and Anki,
    which keeps media by file name, never stores a clip twice.
    """

    segment: str  # segment id
    pair: int  # index of the pair in the segment's ``pairs``
    audio: str
    picture: str | None = None


@dataclass(frozen=True, slots=True)
class MediaCut:
    """The clips of a document cut from its media file (``diglot.prepare`` with the ``clips`` need).

    ``messages`` say what could not be cut. ``owner`` keeps the folder holding
    the files alive (a temporary directory removed when no document refers to it).
    """

    media: str  # the media file the clips were cut from
    clips: tuple[Clip, ...] = ()
    messages: tuple[str, ...] = ()
    owner: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Document:
    """A bilingual transcript: metadata, sections, segments and glossary."""

    segments: tuple[Segment, ...]
    sections: tuple[Section, ...] = ()
    terms: tuple[Term, ...] = ()
    title: str | None = None
    date: str | None = None  # ISO 8601 date, YYYY-MM-DD
    source_url: str | None = None
    speakers: tuple[str, ...] = ()  # speaker labels, in order of first appearance
    people: tuple[str, ...] = ()  # people the document names (front matter)
    tags: tuple[str, ...] = ()
    summary: str | None = None
    source_lang: str = "en"
    target_lang: str = "zh-Hans"
    source_file: str | None = None
    reader: str | None = None
    timing: Timing | None = None
    notices: tuple[Notice, ...] = ()
    #: material after the talk that is not part of it (an appended essay, a quoted
    #: thread): plain-text paragraphs, never in subtitles or cards
    appendix: tuple[str, ...] = ()
    #: share of the input's content characters the reader placed in this model
    #: (segments, titles, glossary, appendix, metadata); None when not measured.
    #: Anything unplaced is quoted in a notice.
    coverage: float | None = None
    #: metadata the model has no field for (other front-matter keys), JSON-safe values
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
    #: when the input file was last changed (Unix seconds), set by ``diglot.load``;
    #: lets the .apkg exporter mark edited notes as newer while staying
    #: byte-identical for an unchanged file. Not part of equality or the JSON.
    source_mtime: int | None = field(default=None, compare=False, metadata={"transient": True})
    #: audio clips and stills of the sentences, cut from the talk's media for flashcards
    #: (``diglot.prepare`` with the ``clips`` need and a media file). Not part of equality or the JSON.
    media_cut: MediaCut | None = field(default=None, compare=False, metadata={"transient": True})

    @property
    def identity(self) -> str:
        """A stable key for this document, for identifiers and GUIDs.

        The video URL when known, else the title, else the first source text.
        """
        if self.source_url:
            return self.source_url
        if self.title:
            return self.title
        for seg in self.segments:
            if seg.source or seg.target:
                return (seg.source or seg.target or "")[:200]
        return ""

    @property
    def has_real_timing(self) -> bool:
        """True when times come from the video (a timed reference, its audio, or subtitle cues), not from an estimate."""
        return self.timing is not None and self.timing.source in (TIMING_REFERENCE, TIMING_AUDIO, TIMING_SUBTITLES)

    @property
    def untranslated_count(self) -> int:
        return sum(1 for s in self.segments if s.untranslated)

    def section_title(self, section_id: str | None) -> str | None:
        for sec in self.sections:
            if sec.id == section_id:
                return sec.title
        return None

    def segments_in(self, section_id: str | None) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.section == section_id)

    @property
    def has_pairs(self) -> bool:
        return any(s.pairs for s in self.segments)

    @property
    def is_aligned(self) -> bool:
        """True when every segment with text carries sentence pairs (``diglot.prepare`` makes them)."""
        return all(s.pairs or not ((s.source or "").strip() or (s.target or "").strip()) for s in self.segments)
