"""Clips and stills for cards, cut from a real (espeak-ng) recording and played back through PyAV."""

from __future__ import annotations

import array
import math
import re
import sys
from pathlib import Path

import pytest

import diglot

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import media as media_helpers  # noqa: E402
import speech  # noqa: E402

SHORT = HERE / "fixtures" / "short.txt"
COLOURS = ((220, 30, 30), (30, 200, 30), (30, 30, 220))

av = pytest.importorskip("av", reason="diglot[audio] (av) is not installed")
pytest.importorskip("pocketsphinx", reason="diglot[audio] (pocketsphinx) is not installed")


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    why = speech.espeak_missing()
    if why:
        print(f"skipped: {why}")
        pytest.skip(why)
    from diglot.align.sentences import align_document

    tmp = tmp_path_factory.mktemp("clips")
    doc = align_document(diglot.load(SHORT))
    sentences = [p.source for s in doc.segments for p in s.pairs if p.source]
    spoken = speech.speak_sentences(sentences, tmp / "talk.wav", pauses_ms=[300, 700, 400, 900, 500])
    clip = media_helpers.encode(spoken.wav, tmp / "talk.mp4", picture_colours=COLOURS)
    timed = diglot.retime(diglot.load(SHORT), media=clip)
    return timed, clip, spoken


def _play(path: Path) -> tuple[float, float, str]:
    """Decode *path* with PyAV: (seconds, RMS in dBFS, codec name)."""
    with av.open(str(path)) as f:
        stream = f.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=16000)
        pcm = b"".join(bytes(o.planes[0])[: o.samples * 2] for fr in f.decode(stream) for o in resampler.resample(fr))
        codec = stream.codec_context.name
    samples = array.array("h", pcm)
    rms = math.sqrt(sum(x * x for x in samples) / len(samples))
    return len(samples) / 16000, 20 * math.log10(rms / 32767), codec


@pytest.mark.parametrize("fmt", ["opus", "mp3"])
def test_one_clip_per_sentence_plays_back(video, tmp_path, fmt):
    from diglot.timing.audio.clips import ClipOptions, cut_clips

    doc, clip, spoken = video
    clips = cut_clips(doc, clip, tmp_path, ClipOptions(padding_ms=200, audio_format=fmt))
    pairs = [p for s in doc.segments for p in s.pairs]
    assert len(clips) == len(pairs) == 6
    assert len({Path(c.audio).name for c in clips}) == 6
    for c, pair in zip(clips, pairs):
        assert Path(c.audio).suffix == f".{fmt}"
        seconds, loudness, codec = _play(Path(c.audio))
        assert codec == ("opus" if fmt == "opus" else "mp3float")
        assert abs(seconds - (pair.end_ms - pair.start_ms + 400) / 1000) < 0.08
        assert -24 < loudness < -16  # normalised to about -20 dBFS
    # the same cut again is the same bytes under the same names
    again = cut_clips(doc, clip, tmp_path / "again", ClipOptions(padding_ms=200, audio_format=fmt))
    assert [Path(a.audio).name for a in again] == [Path(c.audio).name for c in clips]
    assert all(Path(a.audio).read_bytes() == Path(c.audio).read_bytes() for a, c in zip(again, clips))


def test_stills_come_from_the_middle_of_each_sentence(video, tmp_path):
    from diglot.timing.audio.clips import ClipOptions, cut_clips

    doc, clip, _spoken = video
    clips = cut_clips(doc, clip, tmp_path, ClipOptions(picture_width=32))
    pairs = [p for s in doc.segments for p in s.pairs]
    for c, pair in zip(clips, pairs):
        assert c.picture is not None and Path(c.picture).suffix == ".jpg"
        with av.open(c.picture) as f:
            frame = next(f.decode(video=0))
            assert (frame.width, frame.height) == (32, 24)
            rgb = bytes(frame.to_rgb().planes[0])[:3]
        # the first frame (5 a second) at or after the middle of the sentence
        frame_index = -(-((pair.start_ms + pair.end_ms) // 2) // 200)
        second = frame_index // 5
        want = COLOURS[second % len(COLOURS)]
        assert max(abs(a - b) for a, b in zip(rgb, want)) < 40, (second, rgb, want)


def test_audio_only_media_gets_no_stills(video, tmp_path):
    from diglot.timing.audio.clips import cut_clips

    doc, _clip, spoken = video
    clips = cut_clips(doc, spoken.wav, tmp_path)
    assert clips and all(c.picture is None for c in clips)


def test_a_clip_interrupted_while_encoding_leaves_no_file(video, tmp_path, monkeypatch):
    """Clips are encoded in memory and written atomically (diglot.fileio): an interrupt in the middle of a clip's
    encoding leaves the finished clips, whole, and nothing else (it once left ``clip-1.opus.part``)."""
    from diglot.timing.audio.clips import ClipOptions, cut_clips

    doc, clip, _spoken = video
    real = av.AudioResampler
    made: list[int] = []

    class Interrupted:
        def __init__(self, *args, **kwargs):
            made.append(1)
            self.inner, self.frames = real(*args, **kwargs), 0

        def resample(self, frame):
            self.frames += frame is not None
            if len(made) == 3 and self.frames == 3:
                raise KeyboardInterrupt  # the third resampler (the decoder's is the first): two frames in
            return self.inner.resample(frame)

    resampler = Interrupted
    monkeypatch.setattr(av, "AudioResampler", resampler)
    with pytest.raises(KeyboardInterrupt):
        cut_clips(doc, clip, tmp_path, ClipOptions(stills=False))
    assert len(made) == 3
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names and all(re.fullmatch(r"diglot-[0-9a-f]{20}\.opus", n) for n in names), names
    assert all(_play(tmp_path / n)[0] > 0.5 for n in names)
