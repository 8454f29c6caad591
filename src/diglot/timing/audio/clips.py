"""Audio clips and stills for flashcards: one clip (and, for video, one picture) per sentence pair.

Given a document with real times (from the audio or a timed reference) and
the media file, :func:`cut_clips` writes one loudness-normalised audio clip
per timed sentence pair (Opus or MP3, with padding around the sentence) and,
when the media has a picture, one still from the middle of the sentence
(JPEG or WebP, scaled to a width). The audio is decoded once, front to back,
keeping only the stretch the clips still being cut need.

File names are stable and unique: a short hash of the document's identity
and the media file's name, the segment id and the pair number, so the same
export names the same files and Anki does not store them twice.
"""

from __future__ import annotations

import array
import hashlib
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ...errors import InputError, OptionError
from ...model import Document
from .decode import PcmWindow, pcm_chunks, probe, require_av

AUDIO_FORMATS = {"opus": ("libopus", 48_000, ".opus", "ogg"), "mp3": ("libmp3lame", 44_100, ".mp3", "mp3")}
PICTURE_FORMATS = {"jpg": ("mjpeg", "yuvj420p", ".jpg"), "webp": ("libwebp", "yuv420p", ".webp")}
TARGET_DBFS = -20.0  # clip loudness (RMS) after normalising
PEAK_LIMIT = 0.89  # never louder than this share of full scale (about -1 dBFS)


@dataclass(frozen=True, slots=True)
class ClipOptions:
    """How clips and stills are cut."""

    padding_ms: int = 250  # audio kept before the sentence's start and after its end
    audio_format: str = "opus"  # "opus" or "mp3"
    picture_format: str = "jpg"  # "jpg" or "webp"
    picture_width: int = 480  # pixels; the height keeps the aspect ratio
    stills: bool = True  # take a still per sentence when the media has video


@dataclass(frozen=True, slots=True)
class Clip:
    """The media cut for one sentence pair: (segment id, pair index) -> files."""

    segment: str
    pair: int
    audio: Path
    picture: Path | None = None


def clip_stem(doc: Document, media: str | Path, segment: str, pair: int) -> str:
    """The stable, unique file stem of a pair's clip."""
    digest = hashlib.sha1(f"{doc.identity}\0{Path(media).name}".encode()).hexdigest()[:10]
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in segment)
    return f"diglot-{digest}-{safe}-{pair + 1:03d}"


def cut_clips(doc: Document, media: str | Path, out_dir: str | Path, options: ClipOptions | None = None) -> list[Clip]:
    """Write a clip (and a still, for video) for every timed sentence pair of *doc* into *out_dir*.

    Raises :class:`InputError` naming the media when it cannot be decoded and
    :class:`OptionError` for an unknown format or a negative padding.
    """
    opts = options or ClipOptions()
    if opts.audio_format not in AUDIO_FORMATS:
        raise OptionError(f"clip audio format must be one of {', '.join(AUDIO_FORMATS)}")
    if opts.picture_format not in PICTURE_FORMATS:
        raise OptionError(f"still format must be one of {', '.join(PICTURE_FORMATS)}")
    if opts.padding_ms < 0 or opts.picture_width < 16:
        raise OptionError("clip padding must be 0 or more and the still at least 16 pixels wide")
    name = str(media)
    info = probe(name)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _codec, rate, suffix, _fmt = AUDIO_FORMATS[opts.audio_format]

    wanted = []  # (start, end, segment id, pair index, middle)
    for seg in doc.segments:
        for pi, pair in enumerate(seg.pairs):
            if pair.start_ms is None or pair.end_ms is None or pair.end_ms <= pair.start_ms:
                continue
            wanted.append((max(0, pair.start_ms - opts.padding_ms), pair.end_ms + opts.padding_ms, seg.id, pi,
                           (pair.start_ms + pair.end_ms) // 2))
    wanted.sort()
    window = PcmWindow(pcm_chunks(name, rate=rate), rate=rate)
    clips: list[Clip] = []
    for start, end, seg_id, pi, _mid in wanted:
        pcm = window.read(start, end)
        window.forget(start)
        if not pcm:
            continue  # past the end of the media
        path = out / (clip_stem(doc, name, seg_id, pi) + suffix)
        _write_audio(path, _normalise(pcm), opts.audio_format)
        clips.append(Clip(seg_id, pi, path))
    if info.has_video and opts.stills and clips:
        mids = {(seg_id, pi): mid for _s, _e, seg_id, pi, mid in wanted}
        pictures = _stills(name, [(mids[(c.segment, c.pair)], out / (clip_stem(doc, name, c.segment, c.pair) + PICTURE_FORMATS[opts.picture_format][2])) for c in clips], opts)
        clips = [Clip(c.segment, c.pair, c.audio, pic) for c, pic in zip(clips, pictures)]
    return clips


def _normalise(pcm: bytes) -> bytes:
    """*pcm* scaled to :data:`TARGET_DBFS` RMS, its peak kept under :data:`PEAK_LIMIT`."""
    samples = array.array("h", pcm)
    if not samples:
        return pcm
    peak = max(max(samples), -min(samples))
    rms = math.sqrt(sum(x * x for x in samples) / len(samples))
    if peak == 0 or rms == 0:
        return pcm
    gain = min(10 ** (TARGET_DBFS / 20) * 32767 / rms, PEAK_LIMIT * 32767 / peak)
    return array.array("h", (int(x * gain) for x in samples)).tobytes()


def _write_audio(path: Path, pcm: bytes, fmt: str) -> None:
    av = require_av(str(path))
    codec, rate, _suffix, container_format = AUDIO_FORMATS[fmt]
    tmp = path.with_name(path.name + ".part")
    # bitexact: no encoder version or random Ogg serial number, so the same clip is the same bytes
    with av.open(str(tmp), "w", format=container_format, options={"fflags": "+bitexact"}) as dst:
        stream = dst.add_stream(codec, rate=rate)
        stream.layout = "mono"
        if fmt == "mp3":
            stream.bit_rate = 96_000
        else:
            stream.bit_rate = 48_000
        dst.metadata.clear()
        resampler = av.AudioResampler(format=stream.codec_context.format or "s16", layout="mono", rate=rate)
        step = rate // 10
        pts = 0
        for i in range(0, len(pcm) // 2, step):
            chunk = pcm[i * 2 : (i + step) * 2]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk) // 2)
            frame.planes[0].update(chunk)
            frame.sample_rate = rate
            frame.pts = pts
            frame.time_base = Fraction(1, rate)
            pts += len(chunk) // 2
            for f in resampler.resample(frame):
                dst.mux(stream.encode(f))
        for f in resampler.resample(None):
            dst.mux(stream.encode(f))
        dst.mux(stream.encode(None))
    tmp.replace(path)


def _stills(media: str, wanted: list[tuple[int, Path]], opts: ClipOptions) -> list[Path | None]:
    """A picture at each (time, path) of *wanted*, scaled to the options' width."""
    av = require_av(media)
    codec, pix_fmt, _suffix = PICTURE_FORMATS[opts.picture_format]
    result: list[Path | None] = []
    try:
        with av.open(media) as src:
            stream = src.streams.video[0]
            for at_ms, path in wanted:
                src.seek(int(at_ms * 1000), any_frame=False)
                frame = None
                for f in src.decode(stream):
                    frame = f
                    if f.time is not None and f.time * 1000 >= at_ms:
                        break
                if frame is None:
                    result.append(None)
                    continue
                width = min(opts.picture_width, frame.width)
                height = max(2, round(frame.height * width / frame.width / 2) * 2)
                img = frame.reformat(width=width, height=height, format=pix_fmt)
                tmp = path.with_name(path.name + ".part")
                with av.open(str(tmp), "w", format="image2" if codec == "mjpeg" else "webp") as dst:
                    vs = dst.add_stream(codec, rate=1)
                    vs.width, vs.height, vs.pix_fmt = width, height, pix_fmt
                    img.pts = 0
                    img.time_base = Fraction(1, 1)
                    dst.mux(vs.encode(img))
                    dst.mux(vs.encode(None))
                tmp.replace(path)
                result.append(path)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"cannot take stills from the video ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})", file=media) from None
    return result
