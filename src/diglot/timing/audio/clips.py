"""Audio clips and stills for flashcards: one clip (and, for video, one picture) per sentence pair.

Given a document with real times (from the audio or a timed reference) and
the media file, :func:`cut_clips` writes one loudness-normalised audio clip
per sentence pair timed from the video (estimated pairs get none) (Opus or MP3, with padding around the sentence) and,
when the media has a picture, one still from the middle of the sentence
(JPEG or WebP, scaled to a width). The audio is decoded once, front to back,
keeping only the stretch the clips still being cut need.

File names are content hashes (``diglot-<sha256 of the file's bytes>.opus``;
the encoders run bit-exact, so the same cut is the same bytes): a re-export
names the same files the same way and Anki, which keeps media by file name,
does not store them twice, while a changed clip gets a new name and never
overwrites the old one in a collection.

:func:`cut_for_cards` is the pipeline's preparation step: it cuts the clips
into a temporary folder and returns the document with a
:class:`~diglot.model.MediaCut` the flashcard exporters render.
"""

from __future__ import annotations

import array
import hashlib
import io
import math
import operator
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from ... import fileio
from ...errors import DiglotError, InputError
from ...model import TIMING_ESTIMATED, Clip, Document, MediaCut
from ..params import ClipOptions
from .decode import PcmWindow, pcm_chunks, probe, require_av

AUDIO_FORMATS = {"opus": ("libopus", 48_000, ".opus", "ogg"), "mp3": ("libmp3lame", 44_100, ".mp3", "mp3")}
PICTURE_FORMATS = {"jpg": ("mjpeg", "yuvj420p", ".jpg"), "webp": ("libwebp", "yuv420p", ".webp")}
TARGET_DBFS = -20.0  # clip loudness (RMS) after normalising
PEAK_LIMIT = 0.89  # never louder than this share of full scale (about -1 dBFS)


def _by_content(folder: Path, data: bytes, suffix: str) -> Path:
    """Write *data* into *folder* under its content-hash name (``diglot-<hash><suffix>``), atomically (:mod:`diglot.fileio`)."""
    digest = hashlib.sha256(data).hexdigest()[:20]
    return fileio.write_bytes(folder / f"diglot-{digest}{suffix}", data)


def cut_clips(doc: Document, media: str | Path, out_dir: str | Path, options: ClipOptions | None = None) -> list[Clip]:
    """Write a clip (and a still, for video) for every timed sentence pair of *doc* into *out_dir*.

    Raises :class:`InputError` naming the media when it cannot be decoded.
    """
    opts = options or ClipOptions()
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
            if pair.timing == TIMING_ESTIMATED:
                continue  # not found in the audio: its clip would be of another sentence
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
        path = _write_audio(out, _normalise(pcm, rate), opts.audio_format)
        clips.append(Clip(seg_id, pi, str(path)))
    if info.has_video and opts.stills and clips:
        mids = {(seg_id, pi): mid for _s, _e, seg_id, pi, mid in wanted}
        pictures = _stills(name, out, [mids[(c.segment, c.pair)] for c in clips], opts)
        clips = [Clip(c.segment, c.pair, c.audio, None if pic is None else str(pic)) for c, pic in zip(clips, pictures)]
    return clips


def _normalise(pcm: bytes, rate: int) -> bytes:
    """*pcm* scaled to :data:`TARGET_DBFS` RMS, its peak kept under :data:`PEAK_LIMIT`.

    The level is measured on every fourth sample (plenty for speech) and the
    gain applied by FFmpeg's ``volume`` filter: both at C speed.
    """
    samples = array.array("h", pcm)
    if not samples:
        return pcm
    peak = max(max(samples), -min(samples))
    some = samples[::4]
    rms = math.sqrt(sum(map(operator.mul, some, some)) / len(some))
    if peak == 0 or rms == 0:
        return pcm
    gain = min(10 ** (TARGET_DBFS / 20) * 32767 / rms, PEAK_LIMIT * 32767 / peak)
    av = require_av("")
    graph = av.filter.Graph()
    source = graph.add_abuffer(format="s16", sample_rate=rate, layout="mono", time_base=Fraction(1, rate))
    volume = graph.add("volume", f"volume={gain:.6f}:precision=fixed")
    sink = graph.add("abuffersink")
    source.link_to(volume)
    volume.link_to(sink)
    graph.configure()
    frame = av.AudioFrame(format="s16", layout="mono", samples=len(samples))
    frame.planes[0].update(pcm)
    frame.sample_rate = rate
    frame.pts = 0
    frame.time_base = Fraction(1, rate)
    graph.push(frame)
    graph.push(None)
    out = []
    while True:
        try:
            scaled = graph.pull()
        except (av.error.EOFError, av.error.BlockingIOError):
            break
        out.append(bytes(scaled.planes[0])[: scaled.samples * 2])
    return b"".join(out)


def _write_audio(folder: Path, pcm: bytes, fmt: str) -> Path:
    """Encode *pcm* (16-bit mono at the format's rate) in memory and write it into *folder*; returns its content-hash name."""
    av = require_av(str(folder))
    codec, rate, suffix, container_format = AUDIO_FORMATS[fmt]
    encoded = io.BytesIO()
    # bitexact: no encoder version or random Ogg serial number, so the same clip is the same bytes
    with av.open(encoded, "w", format=container_format, options={"fflags": "+bitexact"}) as dst:
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
    return _by_content(folder, encoded.getvalue(), suffix)


def _stills(media: str, folder: Path, wanted: list[int], opts: ClipOptions) -> list[Path | None]:
    """A picture at each time (ms) of *wanted*, scaled to the options' width, written into *folder*."""
    av = require_av(media)
    codec, pix_fmt, suffix = PICTURE_FORMATS[opts.picture_format]
    result: list[Path | None] = []
    try:
        with av.open(media) as src:
            stream = src.streams.video[0]
            for at_ms in wanted:
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
                encoded = io.BytesIO()
                with av.open(encoded, "w", format="image2pipe" if codec == "mjpeg" else "webp") as dst:
                    vs = dst.add_stream(codec, rate=1)
                    vs.width, vs.height, vs.pix_fmt = width, height, pix_fmt
                    img.pts = 0
                    img.time_base = Fraction(1, 1)
                    dst.mux(vs.encode(img))
                    dst.mux(vs.encode(None))
                result.append(_by_content(folder, encoded.getvalue(), suffix))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"cannot take stills from the video ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})", file=media) from None
    return result


def cut_for_cards(doc: Document, media: str | Path, options: ClipOptions | None = None) -> Document:
    """*doc* with a :class:`~diglot.model.MediaCut`: its clips cut from *media* into a temporary folder.

    The pipeline's preparation step for flashcard exporters (the ``clips``
    need). Only a document with real times (from the audio or a timed
    reference) is cut: estimated times would cut the wrong stretch. A media
    file that cannot be cut gives a document whose ``MediaCut`` has no clips
    and a message saying why (the cards are still written, without media);
    the folder is removed when no document refers to it any more.
    """
    name = str(media)
    if not doc.has_real_timing:
        why = f"no clips from {Path(name).name}: the times are estimated, not found in the audio or a timed reference"
        return replace(doc, media_cut=MediaCut(name, messages=(why,)))
    folder = fileio.scratch_dir("clips-")
    try:
        clips = cut_clips(doc, name, folder.name, options)
    except DiglotError as exc:
        folder.cleanup()
        return replace(doc, media_cut=MediaCut(name, messages=(f"no clips: {exc}",)))
    pairs = sum(1 for s in doc.segments for p in s.pairs if p.source or p.target)
    messages: tuple[str, ...] = ()
    if len(clips) < pairs:
        messages = (
            f"{pairs - len(clips)} of {pairs} sentence(s) have no clip: not found in {Path(name).name} "
            "(their times are estimated) or past its end",
        )
    return replace(doc, media_cut=MediaCut(name, tuple(clips), messages, owner=folder))
