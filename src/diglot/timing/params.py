"""What an exporter asks of the timing transform: plain data, no transform (exporters may import it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from ..errors import OptionError
from ..model import Document
from ..clock import parse_clock

#: Typical speed of a conference talk or interview, words per minute (BBC: 160-180 wpm
#: for speech to subtitle; recorded talks run slower once pauses are included).
DEFAULT_WPM = 155.0
#: Subtitle reading limits (characters a second, source / target) that estimated
#: pairs leave time for, a little under the limits of the default subtitle style.
READING_MARGIN = 0.9
DEFAULT_CPS_SOURCE = 20.0
DEFAULT_CPS_TARGET = 9.0
#: A pair whose share of matched words is below this is "low confidence" (the retiming report
#: counts them; WebVTT gives their cues a NOTE). Here, not in :mod:`diglot.timing.report`, so
#: that the subtitle exporters read it without creating the report's dataclasses.
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True)
class TimingParams:
    """How to time a document: the video's length and offset, and the estimate's speaking and reading rates.

    *source_cps* / *target_cps* are the subtitle reading limits; estimated
    pairs last long enough to be read at :data:`READING_MARGIN` of them.
    *speaker_names*: subtitles start each turn with the speaker's name
    (counted in the reading time when the document has two speakers or more).
    """

    duration_ms: int | None = None
    offset_ms: int = 0
    wpm: float = DEFAULT_WPM
    spm: float | None = None
    source_cps: float = DEFAULT_CPS_SOURCE
    target_cps: float = DEFAULT_CPS_TARGET
    speaker_names: bool = False

    def __post_init__(self) -> None:
        if self.wpm <= 0 or (self.spm is not None and self.spm <= 0):
            raise OptionError("option wpm/spm: the speaking rate must be above zero")
        if self.duration_ms is not None and self.duration_ms <= 0:
            raise OptionError("option duration: must be above zero")


def is_timed(doc: Document) -> bool:
    """True when every sentence pair has a start and an end."""
    return all(p.start_ms is not None and p.end_ms is not None for s in doc.segments for p in s.pairs)


def parse_duration(text: str | None, name: str = "option duration") -> int | None:
    """The video length in *text* (``HH:MM:SS[.mmm]`` or seconds) in ms; ``None`` when blank.

    Raises :class:`OptionError` naming *name* for a bad or zero length.
    """
    if text is None or not str(text).strip():
        return None
    ms = parse_clock(str(text), name=name)
    if ms <= 0:
        raise OptionError(f"{name}: must be above zero")
    return ms


def parse_offset(text: str | None, name: str = "option offset") -> int:
    """The signed shift in *text* (seconds or ``[-]HH:MM:SS[.mmm]``) in ms; 0 when blank."""
    return parse_clock(str(text or "0"), name=name, signed=True)


#: Clip audio formats and still picture formats the clip cutter writes.
ClipAudioFormat = Literal["opus", "mp3"]
StillFormat = Literal["jpg", "webp"]
CLIP_AUDIO_FORMATS: tuple[str, ...] = get_args(ClipAudioFormat)
STILL_FORMATS: tuple[str, ...] = get_args(StillFormat)


@dataclass(frozen=True, slots=True)
class ClipOptions:
    """How the media of each sentence is cut for flashcards (an exporter asks; the pipeline cuts).

    *padding_ms*: audio kept before the sentence's start and after its end;
    *audio_format*: ``opus`` or ``mp3``; *picture_format*: ``jpg`` or ``webp``
    (checked here too, :func:`diglot.options.check_choices`: ``prepare`` takes these options from Python);
    *picture_width*: the still's width in pixels (the height keeps the aspect
    ratio; never wider than the video); *stills*: take a still per sentence
    when the media has a picture.
    """

    padding_ms: int = 250
    audio_format: ClipAudioFormat = "opus"
    picture_format: StillFormat = "jpg"
    picture_width: int = 480
    stills: bool = True

    def __post_init__(self) -> None:
        from ..options import check_choices

        check_choices(self)
        if not 0 <= self.padding_ms <= 10_000:
            raise OptionError("clip padding must be 0 to 10000 ms")
        if not 16 <= self.picture_width <= 4096:
            raise OptionError("the still width must be 16 to 4096 pixels")
