"""ASS (Advanced SubStation Alpha) exporter: styled bilingual subtitles, one style per language.

Each cue is **one** event: the first language's lines, then a style reset
``{\\rSource}`` (or ``{\\rTarget}``) and the second language's lines, joined
by ``\\N``. One event keeps the order fixed in every renderer: two events (or
layers) at the same time are stacked by the renderer's collision handling,
which may swap them or drop one, and a converter to SRT would make them two
cues that many players do not show together. ``\\r`` switches font, size,
colour and outline mid-event; the event's alignment and margins stay those of
its style.

``PlayResX/Y`` (1920x1080) fixes the coordinate system so sizes and margins
mean the same on every screen, and ``ScaledBorderAndShadow: yes`` scales the
outline with it. Chinese uses "Noto Sans CJK SC" by default; ASS names one
font per style, so the fallback is the renderer's: libass (mpv, VLC, FFmpeg,
IINA) takes another installed font with the glyphs through fontconfig,
CoreText or DirectWrite, VSFilter/xy-VSFilter through Windows font linking
(Microsoft YaHei). The fonts common systems have are listed in the file's
header and in ``-O ass.font-target``'s help.

Text is made safe for ASS: a backslash before a letter or brace gets a ZERO
WIDTH SPACE after it (``\\N`` would be a line break), and ``{``/``}`` become
full-width (libass hides ``{...}`` as an override block).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

from ...errors import OptionError, OutputError
from ...fileio import write_text
from ...model import Document
from ...timing.params import TimingParams
from .cues import Cue, fix_timing
from .writing import ZWSP, LendsCues, SubtitleOptions, make_cues, ordered_sides
from .. import ExportResult

#: CJK fonts by system: Linux (fonts-noto-cjk), Adobe's name for the same design,
#: Windows, macOS/iOS; Android has Noto Sans CJK too.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC")
POSITIONS = ("bottom", "top")
STYLE_NAMES = {"target": "Target", "source": "Source"}
PLAY_RES = (1920, 1080)
#: the last time an ASS file can hold: its hours are one digit (pysubs2 and Aegisub clamp later times to it)
MAX_ASS_MS = 35_999_990

_BACKSLASH = re.compile(r"\\(?=[A-Za-z{}])")


@dataclass(frozen=True)
class AssOptions(SubtitleOptions):
    font_target: str = field(default=CJK_FONTS[0], metadata={"help": f"font of the Chinese (target) lines; players without it fall back to an installed CJK font (common: {', '.join(CJK_FONTS)})"})
    font_source: str = field(default="Arial", metadata={"help": "font of the English (source) lines (Liberation Sans stands in on Linux)"})
    size: int = field(default=64, metadata={"help": "font size of the first language, in pixels of a 1920x1080 frame"})
    second_size: float = field(default=0.75, metadata={"help": "size of the second language relative to the first"})
    position: str = field(default="bottom", metadata={"help": "where the subtitles sit", "choices": POSITIONS})
    margin: int = field(default=60, metadata={"help": "distance from the bottom (or top) edge, in pixels of a 1920x1080 frame"})
    outline: float = field(default=3.0, metadata={"help": "black outline width in pixels of a 1920x1080 frame (scaled with the video)"})
    color_target: str = field(default="FFFFFF", metadata={"help": "colour of the Chinese lines, RRGGBB"})
    color_source: str = field(default="E8E8E8", metadata={"help": "colour of the English lines, RRGGBB"})

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.position not in POSITIONS:
            raise OptionError(f"option position: {self.position!r} is not one of {', '.join(POSITIONS)}")
        if not 8 <= self.size <= 400:
            raise OptionError("option size: must be 8 to 400 pixels")
        if not 0.3 <= self.second_size <= 1.5:
            raise OptionError("option second-size: must be 0.3 to 1.5")
        if not 0 <= self.margin <= PLAY_RES[1] // 2 or not 0 <= self.outline <= 20:
            raise OptionError("options margin and outline: margin 0 to 540, outline 0 to 20 pixels")
        for name in ("color_target", "color_source"):
            if not re.fullmatch(r"#?[0-9A-Fa-f]{6}", getattr(self, name)):
                raise OptionError(f"option {name.replace('_', '-')}: {getattr(self, name)!r} is not a colour RRGGBB")
        for name in ("font_target", "font_source"):
            if not getattr(self, name).strip() or re.search(r"[,\n\r{}\\]", getattr(self, name)):
                raise OptionError(f"option {name.replace('_', '-')}: a font name without commas, braces or backslashes")


def _up(ms: int) -> int:
    return -(-ms // 10) * 10


def centiseconds(options: AssOptions) -> AssOptions:
    """*options* with the limits rounded up to centiseconds (see :func:`ass_cues`)."""
    return replace(
        options,
        min_duration_ms=_up(options.min_duration_ms),
        min_gap_ms=_up(options.min_gap_ms),
        max_duration_ms=max(options.max_duration_ms // 10 * 10, _up(options.min_duration_ms)),
    )


def ass_cues(document: Document, options: AssOptions) -> tuple[list[Cue], Document, list[str]]:
    """The cues of *document* on whole centiseconds, the only precision ASS times have.

    Rounding each time of the millisecond cues could shorten a gap or a
    cue below its limit (an 83 ms gap becomes 80 ms), so the cues are built
    with the limits rounded up to centiseconds (gap 90 ms, shortest cue
    840 ms), rounded, and the timing rules applied again.
    """
    cs = centiseconds(options)
    cues, doc, notes = make_cues(document, cs)
    rounded = [(round(c.start_ms, -1), round(c.end_ms, -1)) for c in cues]  # a whole centisecond stays as it is
    return fix_timing(cues, cs.style(), rounded), doc, notes


def ass_safe(line: str) -> str:
    """One line of cue text made safe for an ASS event (see the module docstring)."""
    if "\\" in line:
        line = _BACKSLASH.sub(f"\\\\{ZWSP}", line)
    if "{" in line or "}" in line:
        line = line.replace("{", "\uff5b").replace("}", "\uff5d")
    return line


def _events(cues: list[Cue], order: str, first: str) -> Iterator[tuple[int, int, str, str, str]]:
    """The event of each cue: start, end (ms), style, name and text."""
    for cue in cues:
        parts = []
        sides = ordered_sides(cue, order)
        for n, (role, lines) in enumerate(sides):
            text = "\\N".join(ass_safe(line) for line in lines)
            parts.append(text if n == 0 else f"{{\\r{STYLE_NAMES[role]}}}{text}")
        style = STYLE_NAMES[sides[0][0]] if sides else STYLE_NAMES[first]
        name = " ".join((cue.speaker or "").split()).replace(",", "\uff0c")  # the Name field ends at a comma
        moved = f"{{\\an{cue.position}}}" if cue.position else ""  # the input's place on screen (\\an8: top)
        yield cue.start_ms, cue.end_ms, style, name, moved + "\\N".join(parts)


def _dialogues(cues: list[Cue], order: str, first: str) -> str:
    """The events' lines, written as pysubs2 writes them after its ``[Events]`` format line (which ends
    the file): pysubs2 formats each field of each event through a chain of type tests, a cost that
    grew with the talk (7-9% of rendering the ASS of a 3-hour talk, cues included)."""
    return "".join(f"Dialogue: 0,{_stamp(start)},{_stamp(end)},{style},{name},0,0,0,,{text}\n" for start, end, style, name, text in _events(cues, order, first))


def _stamp(ms: int) -> str:
    """An event time as pysubs2 writes it: ``H:MM:SS.cc``, rounded to centiseconds as Aegisub does, kept
    within 0:00:00.00 and 9:59:59.99 (the exporter refuses later cues before writing)."""
    cs = (min(max(ms, 0), MAX_ASS_MS) + 5) // 10
    s, cs = divmod(cs, 100)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:01d}:{m:02d}:{s:02d}.{cs:02d}"


def _color(rgb: str):
    import pysubs2

    rgb = rgb.lstrip("#")
    return pysubs2.Color(int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16), 0)


class AssExporter(LendsCues[AssOptions]):
    name: ClassVar[str] = "ass"
    extension: ClassVar[str] = ".ass"
    description: ClassVar[str] = "ASS subtitles: styled bilingual cues (one style per language, second language smaller), for mpv/VLC/libass and burn-in"
    Options: ClassVar[type] = AssOptions
    needs: ClassVar[frozenset[str]] = frozenset({"pairs", "times"})

    def __init__(self, options: AssOptions | None = None) -> None:
        self.options = options or AssOptions()

    def cue_options(self) -> AssOptions:
        return centiseconds(self.options)

    def timing(self) -> TimingParams:
        """How the pipeline should time the document for these subtitles."""
        return self.options.timing()

    def _styles(self, first: str) -> dict:
        import pysubs2

        opts = self.options
        align = pysubs2.Alignment.BOTTOM_CENTER if opts.position == "bottom" else pysubs2.Alignment.TOP_CENTER
        styles = {}
        for role in ("target", "source"):
            size = opts.size if role == first else round(opts.size * opts.second_size)
            styles[STYLE_NAMES[role]] = pysubs2.SSAStyle(
                fontname=opts.font_target if role == "target" else opts.font_source,
                fontsize=size,
                primarycolor=_color(opts.color_target if role == "target" else opts.color_source),
                outlinecolor=pysubs2.Color(0, 0, 0, 0),
                backcolor=pysubs2.Color(0, 0, 0, 128),
                outline=opts.outline,
                shadow=1.0,
                alignment=align,
                marginl=60,
                marginr=60,
                marginv=opts.margin,
            )
        return styles

    def render(self, document: Document) -> tuple[str, list[str]]:
        """The ASS text for *document* and the messages for the user (timing note, QC summary)."""
        import pysubs2

        from . import qc

        opts = self.options
        cues, doc, notes = ass_cues(document, opts)
        last = max((c.end_ms for c in cues), default=0)
        if last > MAX_ASS_MS:  # written, every later cue would pile up at 9:59:59.99 and never show
            from ...clock import format_clock

            raise OutputError(f"ASS times stop at 9:59:59.99 (one digit of hours) and these cues run to {format_clock(last)}: export SRT or WebVTT instead")
        first = "source" if opts.order == "source-first" else "target"
        subs = pysubs2.SSAFile()
        subs.info.clear()
        subs.info.update(
            {
                "Title": " ".join((doc.title or "diglot subtitles").split()),
                "ScriptType": "v4.00+",
                "WrapStyle": "0",
                "ScaledBorderAndShadow": "yes",
                "PlayResX": str(PLAY_RES[0]),
                "PlayResY": str(PLAY_RES[1]),
                "YCbCr Matrix": "None",
                "Language": doc.target_lang if first == "target" else doc.source_lang,
            }
        )
        subs.styles.clear()
        subs.styles.update(self._styles(first))
        header = f"; Fonts: {opts.font_target} for Chinese (fallbacks common systems have: {', '.join(CJK_FONTS)}), {opts.font_source} for English\n"
        text = subs.to_string("ass").replace("[Script Info]\n", "[Script Info]\n" + header, 1) + _dialogues(cues, opts.order, first)
        report = qc.check(qc.from_cues(cues), opts.style())
        return text, [*notes, report.summary()]

    def write(self, document: Document, path: Path) -> ExportResult:
        text, messages = self.render(document)
        return ExportResult(files=[write_text(path, text)], messages=messages)
