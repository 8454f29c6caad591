"""Decoding media files to 16 kHz mono 16-bit PCM, streamed in chunks.

Any container and codec FFmpeg knows (wav, flac, mp3, m4a, opus, webm, mp4,
mkv, ...) is read through PyAV, which bundles its own FFmpeg: no system
binary, no version drift, no parsing of another program's output. Audio is
never held whole: :func:`pcm_chunks` yields ``bytes`` of int16 samples as the
decoder produces them and :class:`PcmWindow` keeps only the stretch an
aligner still needs, so memory stays flat however long the talk is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError

RATE = 16_000  # samples per second the aligner wants
BYTES_PER_SAMPLE = 2
INSTALL_HINT = "audio support is not installed: pip install 'diglot[audio]'"


def require_av(file: str | None = None):
    """The ``av`` module, or :class:`InputError` (naming *file*) saying how to install it."""
    try:
        import av
    except ImportError:
        raise InputError(INSTALL_HINT, file=file) from None
    return av


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """What a media file holds: its length and whether it has a picture."""

    path: str
    duration_ms: int | None  # from the container; None when it does not say
    has_video: bool
    audio_codec: str


def probe(path: str | Path) -> MediaInfo:
    """Open *path* and describe its first audio stream.

    Raises :class:`InputError` naming the file when it does not exist, does not
    decode or has no audio stream.
    """
    name = str(path)
    av = require_av(name)
    if not Path(path).is_file():
        raise InputError("media file not found", file=name)
    try:
        with av.open(name) as container:
            if not container.streams.audio:
                raise InputError("media file has no audio stream", file=name)
            stream = container.streams.audio[0]
            duration = None
            if stream.duration is not None and stream.time_base is not None:
                duration = int(stream.duration * stream.time_base * 1000)
            elif container.duration is not None:
                duration = int(container.duration / 1000)  # av.time_base is microseconds
            return MediaInfo(name, duration, bool(container.streams.video), stream.codec_context.name)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - FFmpeg's errors are many; each becomes one line
        raise InputError(f"cannot decode media file ({_reason(exc)})", file=name) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.split("\n", 1)[0].replace(" '" + str(getattr(exc, "filename", "")) + "'", "")


def pcm_chunks(path: str | Path, *, start_ms: int = 0, rate: int = RATE) -> Iterator[bytes]:
    """Yield the first audio stream of *path* as mono int16 PCM at *rate* (16 kHz), chunk by chunk.

    With *start_ms* decoding seeks there first (to the key frame before it)
    and drops the samples before it, so the first byte is at *start_ms*.
    Raises :class:`InputError` naming the file when it cannot be decoded.
    """
    name = str(path)
    av = require_av(name)
    try:
        container = av.open(name)
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"cannot decode media file ({_reason(exc)})", file=name) from None
    try:
        if not container.streams.audio:
            raise InputError("media file has no audio stream", file=name)
        stream = container.streams.audio[0]
        stream.thread_type = "AUTO"
        if start_ms > 0:
            try:
                container.seek(int(start_ms * 1000), any_frame=False)  # in av.time_base (µs)
            except Exception:  # noqa: BLE001 - not seekable: decode from the start
                container.close()
                container = av.open(name)
                stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        skip = 0  # samples still to drop before start_ms
        first = start_ms > 0
        for frame in container.decode(stream):
            if first:
                first = False
                if frame.pts is not None and frame.time_base is not None:
                    at_ms = float(frame.pts * frame.time_base) * 1000
                else:
                    at_ms = 0.0
                skip = max(0, int(round((start_ms - at_ms) * rate / 1000)))
            for out in resampler.resample(frame):
                data, skip = _skip(_bytes(out), skip)
                if data:
                    yield data
        for out in resampler.resample(None):
            data, skip = _skip(_bytes(out), skip)
            if data:
                yield data
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"cannot decode media file ({_reason(exc)})", file=name) from None
    finally:
        container.close()


def _skip(data: bytes, skip: int) -> tuple[bytes, int]:
    """*data* without its first *skip* samples (as far as it has them), and how many are still to skip."""
    if not skip:
        return data, 0
    cut = min(skip, len(data) // BYTES_PER_SAMPLE)
    return data[cut * BYTES_PER_SAMPLE :], skip - cut


def _bytes(frame) -> bytes:
    """The int16 samples of a packed mono *frame* (the plane may carry padding)."""
    return bytes(frame.planes[0])[: frame.samples * BYTES_PER_SAMPLE]


class PcmWindow:
    """Random access to a stream of PCM chunks, for windows that move forward.

    :meth:`read` returns the samples between two times; the stream is decoded
    as far as needed and everything before :meth:`forget`'s mark is dropped,
    so memory holds only the stretch still in use. Reading before the mark
    raises ``ValueError`` (a bug, not bad input).
    """

    def __init__(self, chunks: Iterator[bytes], rate: int = RATE):
        self._chunks = chunks
        self.rate = rate
        self._buf = bytearray()
        self._base = 0  # sample index of _buf[0]
        self._done = False
        #: the largest number of samples held at once (for the benchmark's memory figure)
        self.peak_samples = 0

    @property
    def decoded_ms(self) -> int:
        """How far the stream has been decoded so far."""
        return (self._base + len(self._buf) // BYTES_PER_SAMPLE) * 1000 // self.rate

    @property
    def exhausted(self) -> bool:
        return self._done

    def _fill(self, upto: int) -> None:
        while not self._done and self._base + len(self._buf) // BYTES_PER_SAMPLE < upto:
            chunk = next(self._chunks, None)
            if chunk is None:
                self._done = True
                break
            self._buf += chunk
        self.peak_samples = max(self.peak_samples, len(self._buf) // BYTES_PER_SAMPLE)

    def read(self, start_ms: int, end_ms: int) -> bytes:
        """PCM from *start_ms* to *end_ms* (shorter at the end of the stream)."""
        a = max(0, start_ms) * self.rate // 1000
        b = max(a, end_ms * self.rate // 1000)
        if a < self._base:
            raise ValueError(f"window at {start_ms} ms was already forgotten")
        self._fill(b)
        lo = (a - self._base) * BYTES_PER_SAMPLE
        hi = (b - self._base) * BYTES_PER_SAMPLE
        return bytes(self._buf[lo:hi])

    def length_ms(self) -> int:
        """Decode to the end and return the stream's length (drops nothing)."""
        self._fill(1 << 62)
        return self.decoded_ms

    def forget(self, before_ms: int) -> None:
        """Drop the samples before *before_ms*: no later read goes there."""
        cut = max(0, before_ms) * self.rate // 1000 - self._base
        if cut > 0:
            cut = min(cut, len(self._buf) // BYTES_PER_SAMPLE)
            del self._buf[: cut * BYTES_PER_SAMPLE]
            self._base += cut
