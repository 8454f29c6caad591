"""Subtitle quality control: check cues (built, or read from an SRT/WebVTT file) against the style limits.

Rules, and whether breaking one is a hard violation (``diglot check`` exits 1):

========================= ===== ================================================
``line-length``           hard  a line wider than the limit of its language
``lines``                 hard  more lines of one language than ``max_lines``
``duration``              hard  a cue shorter than the minimum or longer than the maximum
``gap``                   hard  less than the minimum gap to the next cue (overlaps included)
``reading-speed``         soft  more characters per second than the reading speed limit
``open-gap``              soft  a gap up to ``close_gap_ms`` that was not closed to the minimum
========================= ===== ================================================

In files (SRT, WebVTT, ASS), which lines are Chinese is decided by the file's
layout (see :mod:`diglot.exporters.subtitles.layout`): ``<lang>`` and class spans, ASS
styles, else the block order inferred once per file, so a Chinese line of
Latin letters ("Hacker News") is still Chinese. Chinese lines are measured
with full-width characters 1, Latin letters, digits and half-width
punctuation 0.5.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...cuefile import ASS_BREAK, RawCue, scan_cues
from ...errors import InputError
from ...options import from_settings, split_setting
from ...lang.linebreak import cjk_width, is_cjk_language, latin_width
from ...lang.script import has_cjk
from ...clock import format_clock
from .cues import Cue, SubtitleStyle
from .layout import RawLine, assign_file

HARD_RULES = ("line-length", "lines", "duration", "gap")
SOFT_RULES = ("reading-speed", "open-gap")
RULES = HARD_RULES + SOFT_RULES

@dataclass(frozen=True, slots=True)
class CheckedCue:
    """A cue as QC sees it: times and lines, each line flagged as CJK (target) or not (source)."""

    index: int  # 1-based position in the file
    start_ms: int
    end_ms: int
    lines: tuple[tuple[str, bool], ...]
    #: built cues only (None when read from a file): first cue of a pair split where the languages do not match
    split_mismatch: bool | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    cue: int
    start_ms: int
    rule: str
    detail: str


@dataclass
class QcReport:
    cues: int = 0
    issues: list[Issue] = field(default_factory=list)
    kind: str = "subtitles"  # or "chapters"
    warnings: list[str] = field(default_factory=list)  # about the file as a whole, not a cue
    #: sentences split over cues at a point where the two languages do not match (built cues only)
    split_mismatches: int | None = None

    def count(self, rule: str) -> int:
        return sum(1 for i in self.issues if i.rule == rule)

    @property
    def counts(self) -> dict[str, int]:
        return {rule: self.count(rule) for rule in RULES}

    @property
    def hard_violations(self) -> int:
        return sum(self.count(r) for r in HARD_RULES)

    def summary(self) -> str:
        """One line: cue count, then counts per rule."""
        hard = ", ".join(f"{r} {self.count(r)}" for r in HARD_RULES)
        soft = ", ".join(f"{r} {self.count(r)}" for r in SOFT_RULES)
        verdict = "ok" if not self.hard_violations else f"{self.hard_violations} hard-limit violations"
        if self.kind == "chapters":
            return f"QC (chapters track): {self.cues} chapters, {verdict}"
        tail = f"; sentences split without a matching point: {self.split_mismatches}" if self.split_mismatches is not None else ""
        return f"QC: {self.cues} cues, {verdict}; hard limits: {hard}; advisory: {soft}{tail}"


def from_cues(cues: list[Cue]) -> list[CheckedCue]:
    return [
        CheckedCue(
            i,
            c.start_ms,
            c.end_ms,
            tuple((line, False) for line in c.source_lines) + tuple((line, True) for line in c.target_lines),
            c.split_mismatch,
        )
        for i, c in enumerate(cues, 1)
    ]


def check(cues: list[CheckedCue], style: SubtitleStyle | None = None) -> QcReport:
    """Check *cues* (in file order) against *style*."""
    style = style or SubtitleStyle()
    report = QcReport(cues=len(cues))
    if any(c.split_mismatch is not None for c in cues):
        report.split_mismatches = sum(bool(c.split_mismatch) for c in cues)
    add = report.issues.append
    sides = (
        (False, style.max_chars_source, latin_width, "source", style.cps_source),
        (True, style.max_chars_target, cjk_width, "target", style.cps_target),
    )
    shortest, longest, min_gap, close_gap, max_lines = style.min_duration_ms, style.max_duration_ms, style.min_gap_ms, style.close_gap_ms, style.max_lines
    last = len(cues) - 1
    for n, cue in enumerate(cues):
        seconds = (cue.end_ms - cue.start_ms) / 1000
        for cjk, limit, measure, side, cps_limit in sides:
            lines = [text for text, is_cjk in cue.lines if is_cjk == cjk]
            if not lines:
                continue
            for k, line in enumerate(lines, 1):
                w = measure(line)
                if w > limit:
                    add(Issue(cue.index, cue.start_ms, "line-length", f"{side} line {k} is {w:g} > {limit} characters: {line!r}"))
            if len(lines) > max_lines:
                add(Issue(cue.index, cue.start_ms, "lines", f"{len(lines)} {side} lines > {max_lines}"))
            chars = measure(" ".join(lines))
            if seconds > 0 and chars / seconds > cps_limit:
                add(Issue(cue.index, cue.start_ms, "reading-speed", f"{side} {chars / seconds:.1f} > {cps_limit:g} characters/s"))
        dur = cue.end_ms - cue.start_ms
        if dur < shortest or dur > longest:
            add(Issue(cue.index, cue.start_ms, "duration", f"{dur} ms outside {shortest}..{longest} ms"))
        if n < last:
            gap = cues[n + 1].start_ms - cue.end_ms
            if gap < min_gap:
                what = "overlaps the next cue" if gap < 0 else f"gap {gap} ms < {min_gap} ms"
                add(Issue(cue.index, cue.start_ms, "gap", what))
            elif min_gap < gap <= close_gap:
                add(Issue(cue.index, cue.start_ms, "open-gap", f"gap {gap} ms could be closed to {min_gap} ms"))
    return report


# ----------------------------------------------------------------------------- reading files

_TAG = re.compile(r"</?[A-Za-z][^>\n]*>|<\d[\d:.]*>")  # real tags only: "<\u200bb>" is text
_ASS = re.compile(r"\{\\[^}]*\}")
_LANG_OPEN = re.compile(r"<lang\s+([^>\s]+)\s*>")
_CLASS = re.compile(r"<c(?:\.[\w-]+)*\.(target|source)(?:\.[\w-]+)*>")


def _scan(text: str, file: str, kind: str) -> list[RawCue]:
    """Cue blocks of SRT or WebVTT *text* by diglot's one cue parser; its errors say the file is not valid *kind*."""
    try:
        cues, _notices = scan_cues(text, file, vtt=kind == "WebVTT")
    except InputError as exc:
        raise InputError(f"not a valid {kind} file: {exc.reason}", file=file, line=exc.line) from None
    if not cues and _has_blocks(text, vtt=kind == "WebVTT"):
        raise InputError(f"not a valid {kind} file: no cues found", file=file)
    return cues


def _has_blocks(text: str, *, vtt: bool) -> bool:
    """Whether *text* holds blocks that should have been cues (a WebVTT header, NOTE, STYLE or REGION is not one)."""
    blocks = [b.strip() for b in re.split(r"\r?\n[ \t]*\r?\n", text.lstrip("\ufeff")) if b.strip()]
    if vtt:
        blocks = [b for b in blocks[1:] if not re.match(r"(NOTE|STYLE|REGION)(\s|$)", b)]
    return bool(blocks)


def read_srt(text: str, file: str) -> list[CheckedCue]:
    """Cues of SRT *text*. Raises :class:`InputError` when it is not valid SRT."""
    times, raw_cues = [], []
    for cue in _scan(text, file, "SRT"):
        lines: list[RawLine] = []
        for raw in cue.lines:
            plain = _ASS.sub("", _TAG.sub("", raw))
            if plain.strip():
                lines.append((plain.strip(), None))
        times.append((cue.start_ms, cue.end_ms))
        raw_cues.append(lines)
    return _checked(times, raw_cues)


def _checked(times: list[tuple[int, int]], raw_cues: list[list[RawLine]]) -> list[CheckedCue]:
    return [CheckedCue(i, s, e, lines) for i, ((s, e), lines) in enumerate(zip(times, assign_file(raw_cues)), 1)]


def read_vtt(text: str, file: str) -> list[CheckedCue]:
    """Cues of WebVTT *text*, with ``<lang>`` spans deciding each line's language when present.

    Raises :class:`InputError` when it is not valid WebVTT.
    """
    if not text.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
        raise InputError("not a valid WebVTT file: it does not start with WEBVTT", file=file)
    times, raw_cues = [], []
    for cue in _scan(text, file, "WebVTT"):
        lines: list[RawLine] = []
        lang: str | None = None
        for raw in cue.lines:
            m = _LANG_OPEN.search(raw)
            if m:
                lang = m.group(1)
            plain = html.unescape(_TAG.sub("", raw))
            if plain.strip():
                cls = _CLASS.search(raw)
                hint = is_cjk_language(lang) if lang else (cls.group(1) == "target" if cls else None)
                lines.append((plain.strip(), hint))
            if "</lang>" in raw:
                lang = None
        times.append((cue.start_ms, cue.end_ms))
        raw_cues.append(lines)
    return _checked(times, raw_cues)


_ASS_RESET = re.compile(r"\{[^}]*?\\r([^\\}]*)[^}]*\}")


def read_ass(text: str, file: str) -> list[CheckedCue]:
    """Cues of ASS/SSA *text*: dialogue events, lines split at ``\\N``, each line's language from its style.

    A style reset ``{\\rName}`` switches the style mid-event (diglot writes one
    per cue, between the languages). A style whose lines are mostly (80 %)
    CJK is Chinese, mostly Latin English; a mixed style leaves its lines to the
    layout inference.
    """
    import pysubs2

    try:
        subs = pysubs2.SSAFile.from_string(text, format_="ass" if "[V4+ Styles]" in text or "[Events]" in text else None)
    except Exception as exc:  # pysubs2 raises several kinds on bad input
        raise InputError(f"not a valid ASS file: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=file) from None
    events = [e for e in subs.events if not e.is_comment and not e.is_drawing]
    styled: list[list[tuple[str, str]]] = []  # per event: (line, style)
    for e in events:
        lines: list[tuple[str, str]] = []
        style, pos = e.style, 0
        parts: list[tuple[str, str]] = []
        for m in _ASS_RESET.finditer(e.text):
            parts.append((e.text[pos : m.start()], style))
            style, pos = (m.group(1).strip() or e.style), m.end()
        parts.append((e.text[pos:], style))
        for chunk, st in parts:
            for piece in ASS_BREAK.split(chunk):
                plain = _ASS.sub("", piece).replace("\\h", "\u00a0").strip()
                if plain:
                    lines.append((plain, st))
        styled.append(lines)
    share: dict[str, list[int]] = {}
    for lines in styled:
        for plain, st in lines:
            share.setdefault(st, [0, 0])[has_cjk(plain)] += 1
    role: dict[str, bool | None] = {}
    for st, (latin, cjk) in share.items():
        role[st] = True if cjk >= 0.8 * (latin + cjk) else False if latin >= 0.8 * (latin + cjk) else None
    times = [(e.start, e.end) for e in events]
    return _checked(times, [[(plain, role[st]) for plain, st in lines] for lines in styled])


def read_file(path: str | Path) -> list[CheckedCue]:
    """Cues of the SRT, WebVTT or ASS file at *path* (sniffed from the content, then the suffix).

    Accepts UTF-8 with or without BOM, UTF-16, CRLF. Raises :class:`InputError`.
    """
    from ...textio import read_text_file

    path = Path(path)
    name = str(path)
    text = read_text_file(path)
    if text.lstrip().startswith("WEBVTT"):
        return read_vtt(text, name)
    if text.lstrip().startswith("[Script Info]") or path.suffix.lower() in (".ass", ".ssa"):
        return read_ass(text, name)
    if path.suffix.lower() == ".vtt":
        raise InputError("not a valid WebVTT file: it does not start with WEBVTT", file=name)
    return read_srt(text, name)


def check_chapters(cues: list[CheckedCue]) -> QcReport:
    """A chapters track has no line or duration limits: chapters must have a title, last, and not overlap."""
    report = QcReport(cues=len(cues), kind="chapters")
    for n, cue in enumerate(cues):
        if cue.end_ms <= cue.start_ms:
            report.issues.append(Issue(cue.index, cue.start_ms, "duration", "chapter ends before it starts"))
        if not any(text.strip() for text, _ in cue.lines):
            report.issues.append(Issue(cue.index, cue.start_ms, "lines", "chapter without a title"))
        if n + 1 < len(cues) and cues[n + 1].start_ms < cue.end_ms:
            report.issues.append(Issue(cue.index, cue.start_ms, "gap", "overlaps the next chapter"))
    return report


def is_chapters_file(path: str | Path) -> bool:
    """A WebVTT chapters track (``<track kind="chapters">``), by the ``.chapters.vtt`` naming convention."""
    return Path(path).name.lower().endswith(".chapters.vtt")


def check_file(path: str | Path, style: SubtitleStyle | None = None) -> QcReport:
    """QC report for the subtitle file at *path*. Raises :class:`InputError` for an unreadable file.

    A chapters track (``*.chapters.vtt``) is checked as chapters (titles,
    order, no overlap), not against subtitle limits.
    """
    from ...textio import read_text_file

    cues = read_file(path)
    report = check_chapters(cues) if is_chapters_file(path) else check(cues, style)
    report.warnings.extend(file_warnings(read_text_file(Path(path)), len(cues)))
    return report


_STYLE_BLOCK = re.compile(r"(?:\A|\n[ \t]*\n)STYLE[ \t]*\n")


def file_warnings(text: str, cues: int) -> list[str]:
    """Warnings about a subtitle file that players read differently, not about any one cue.

    A WebVTT ``STYLE`` block is valid, but FFmpeg 5.1 (Debian 12's, used by
    mpv, Jellyfin and many converters) stops reading the file there and shows
    none of the cues after it.
    """
    out = []
    if text.lstrip("\ufeff").startswith("WEBVTT") and _STYLE_BLOCK.search(text.replace("\r\n", "\n")):
        out.append(
            f"STYLE block: FFmpeg 5.1 (Debian 12; mpv, Jellyfin) stops reading at it and shows none of the {cues} cues; "
            "export without -O vtt.css=true for a file every player reads"
        )
    return out


def format_issue(issue: Issue, file: str | None = None) -> str:
    """One line per issue: ``file: cue 12 at 00:01:02.345: rule: detail``."""
    where = f"{file}: " if file else ""
    return f"{where}cue {issue.cue} at {format_clock(max(issue.start_ms, 0))}: {issue.rule}: {issue.detail}"


def style_from_settings(settings: list[str]) -> SubtitleStyle:
    """A :class:`SubtitleStyle` from ``NAME=VALUE`` strings (``max-chars-target=14``, ``cps_source=17``).

    Parsed like exporter options (:mod:`diglot.options`). Raises
    :class:`OptionError` for an unknown name or a bad value.
    """
    return from_settings(SubtitleStyle, dict(split_setting(item, "limit") for item in settings), owner="limit")
