"""Speech with known sentence times, made with espeak-ng (for the audio tests and benchmark).

Each sentence is spoken on its own, decoded to 16 kHz mono PCM through
diglot's decoder and joined with silences of known length, so the true start
of every sentence is known to the sample.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 16_000


def espeak_missing() -> str | None:
    """Why speech cannot be made here, or None when it can."""
    if shutil.which("espeak-ng") is None:
        return "espeak-ng is not installed (apt-get install espeak-ng)"
    return None


@dataclass
class Spoken:
    """Spoken sentences: where the WAV is and when each sentence starts and ends (ms)."""

    wav: Path
    starts_ms: list[int]
    ends_ms: list[int]
    duration_ms: int


def speak(text: str, *, voice: str = "en-us", wpm: int = 165) -> bytes:
    """*text* spoken by espeak-ng, as 16 kHz mono int16 PCM."""
    from diglot.timing.audio.decode import pcm_chunks

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(out), text], check=True, capture_output=True)
        pcm = b"".join(pcm_chunks(out))
    return _trim(pcm)


def _trim(pcm: bytes, threshold: int = 200) -> bytes:
    """*pcm* without the silence espeak-ng puts before and after the speech."""
    import array

    samples = array.array("h", pcm)
    loud = [i for i in range(0, len(samples), 16) if abs(samples[i]) > threshold]
    if not loud:
        return pcm
    a, b = max(0, loud[0] - 16), min(len(samples), loud[-1] + 16)
    return samples[a:b].tobytes()


def write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm)


def speak_sentences(
    sentences: list[str], wav: Path, *, pauses_ms: list[int] | None = None, lead_ms: int = 500,
    voice: str = "en-us", wpm: int = 165,
) -> Spoken:
    """Speak each sentence, join them with silence (*pauses_ms[i]* before sentence i+1) into *wav*."""
    return join([speak(s, voice=voice, wpm=wpm) for s in sentences], wav, pauses_ms=pauses_ms, lead_ms=lead_ms)


def join(pcms: list[bytes], wav: Path, *, pauses_ms: list[int] | None = None, lead_ms: int = 500) -> Spoken:
    """Write the spoken sentences *pcms* into *wav* with known silences between them."""
    starts: list[int] = []
    ends: list[int] = []
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        pos = 0  # samples written

        def silence(ms: int) -> None:
            nonlocal pos
            n = ms * RATE // 1000
            w.writeframes(b"\0\0" * n)
            pos += n

        silence(lead_ms)
        for i, pcm in enumerate(pcms):
            if i:
                silence(pauses_ms[i - 1] if pauses_ms else 400)
            starts.append(pos * 1000 // RATE)
            w.writeframes(pcm)
            pos += len(pcm) // 2
            ends.append(pos * 1000 // RATE)
        silence(lead_ms)
    return Spoken(wav, starts, ends, pos * 1000 // RATE)
