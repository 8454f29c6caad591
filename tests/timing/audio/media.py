"""Re-encode a test WAV into other containers and codecs with PyAV (no system ffmpeg needed)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

#: suffix -> (audio codec, audio sample rate, video codec or None)
FORMATS = {
    ".flac": ("flac", 16000, None),
    ".mp3": ("libmp3lame", 44100, None),
    ".m4a": ("aac", 44100, None),
    ".opus": ("libopus", 48000, None),
    ".webm": ("libopus", 48000, "libvpx"),
    ".mp4": ("aac", 44100, "mpeg4"),
    ".mkv": ("libopus", 48000, "mpeg4"),
}


def encode(wav: Path, out: Path, *, picture_colours: tuple[tuple[int, int, int], ...] = ((200, 40, 40),)) -> Path:
    """Write the audio of *wav* to *out* in the codec its suffix implies; video formats get a picture.

    The picture changes colour every second through *picture_colours*, so a still
    taken at a time shows which second it is from.
    """
    import av

    acodec, rate, vcodec = FORMATS[out.suffix]
    with av.open(str(wav)) as src, av.open(str(out), "w") as dst:
        astream = dst.add_stream(acodec, rate=rate)
        astream.layout = "mono"
        vstream = None
        if vcodec:
            vstream = dst.add_stream(vcodec, rate=5)
            vstream.width, vstream.height, vstream.pix_fmt = 64, 48, "yuv420p"
        resampler = av.AudioResampler(format=astream.codec_context.format or "fltp", layout="mono", rate=rate)
        seconds = 0.0
        for frame in src.decode(audio=0):
            seconds = float(frame.pts * frame.time_base) + frame.samples / frame.sample_rate
            for f in resampler.resample(frame):
                dst.mux(astream.encode(f))
        for f in resampler.resample(None):
            dst.mux(astream.encode(f))
        dst.mux(astream.encode(None))
        if vstream is not None:
            for i in range(int(seconds * 5) + 1):
                colour = picture_colours[(i // 5) % len(picture_colours)]
                img = av.VideoFrame(64, 48, "rgb24")
                img.planes[0].update(bytes(colour) * (img.planes[0].buffer_size // 3))
                frame = img.reformat(format="yuv420p")
                frame.pts = i
                frame.time_base = Fraction(1, 5)
                dst.mux(vstream.encode(frame))
            dst.mux(vstream.encode(None))
    return out
