"""Forced alignment against real speech: espeak-ng speaks a fixture transcript at test time.

The clip runs through the real decoder (PyAV) and aligner (pocketsphinx);
each sentence's start is known to the sample, so the aligned starts are
checked against the truth.
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import pytest

import diglot
from diglot.align.sentences import align_document
from diglot.errors import InputError

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import media as media_helpers  # noqa: E402
import speech  # noqa: E402

SHORT = HERE / "fixtures" / "short.txt"
OTHER = HERE / "fixtures" / "other.txt"
PAUSES = [300, 700, 400, 900, 500]
TOLERANCE_MS = 250

pytest.importorskip("pocketsphinx", reason="diglot[audio] (pocketsphinx) is not installed")
pytest.importorskip("av", reason="diglot[audio] (av) is not installed")


def _sentences(path: Path) -> list[str]:
    doc = align_document(diglot.load(path))
    return [p.source for s in doc.segments for p in s.pairs if p.source]


@pytest.fixture(scope="session")
def spoken(tmp_path_factory) -> speech.Spoken:
    why = speech.espeak_missing()
    if why:
        print(f"skipped: {why}")
        pytest.skip(why)
    wav = tmp_path_factory.mktemp("speech") / "short.wav"
    return speech.speak_sentences(_sentences(SHORT), wav, pauses_ms=PAUSES)


def _starts(doc) -> list[int]:
    return [p.start_ms for s in doc.segments for p in s.pairs if p.source]


def test_sentence_starts_match_the_truth(spoken):
    from diglot.timing.audio.align import align_to_media

    doc, report = align_to_media(diglot.load(SHORT), spoken.wav)
    starts = _starts(doc)
    assert len(starts) == len(spoken.starts_ms) == 6
    for got, want in zip(starts, spoken.starts_ms):
        assert abs(got - want) <= TOLERANCE_MS, (starts, spoken.starts_ms)
    assert report.found == 6
    assert doc.timing is not None and doc.timing.source == "audio"
    assert doc.has_real_timing
    pairs = [p for s in doc.segments for p in s.pairs]
    assert all(p.timing == "audio" and p.confidence is not None and p.word_starts for p in pairs)
    # sentence ends too: within the pause that follows
    ends = [p.end_ms for p in pairs]
    for got, want in zip(ends, spoken.ends_ms):
        assert abs(got - want) <= TOLERANCE_MS


@pytest.mark.parametrize("suffix", [".mp3", ".opus", ".mkv"])
def test_compressed_audio_and_video_align(spoken, tmp_path, suffix):
    clip = media_helpers.encode(spoken.wav, tmp_path / f"talk{suffix}")
    doc = diglot.retime(diglot.load(SHORT), media=clip)
    for got, want in zip(_starts(doc), spoken.starts_ms):
        assert abs(got - want) <= TOLERANCE_MS


@pytest.mark.parametrize("suffix", sorted(media_helpers.FORMATS))
def test_every_common_format_decodes_to_16k_mono(spoken, tmp_path, suffix):
    from diglot.timing.audio.decode import pcm_chunks, probe

    clip = media_helpers.encode(spoken.wav, tmp_path / f"talk{suffix}")
    info = probe(clip)
    assert info.has_video == (media_helpers.FORMATS[suffix][2] is not None)
    samples = sum(len(chunk) for chunk in pcm_chunks(clip)) // 2
    assert abs(samples / 16000 - spoken.duration_ms / 1000) < 0.1


def test_seeking_starts_at_the_asked_time(spoken):
    from diglot.timing.audio.decode import pcm_chunks

    whole = b"".join(pcm_chunks(spoken.wav))
    tail = b"".join(pcm_chunks(spoken.wav, start_ms=2000))
    assert tail == whole[2000 * 32 :]


def test_cli_retime_with_media_writes_audio_timed_json(spoken, tmp_path):
    from click.testing import CliRunner

    from diglot.cli import cli

    out = tmp_path / "talk.json"
    result = CliRunner().invoke(cli, ["retime", str(SHORT), "--media", str(spoken.wav), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "sentences found: 6 of 6" in result.output
    doc = diglot.load(out)
    assert doc.timing is not None and doc.timing.source == "audio"
    for got, want in zip(_starts(doc), spoken.starts_ms):
        assert abs(got - want) <= TOLERANCE_MS


def test_reference_anchors_and_audio_refines(spoken, tmp_path):
    """A reference 1.5 s late everywhere: the audio moves every sentence back to the truth, and says so."""
    from diglot.timing.audio.align import align_to_media
    from diglot.timing.retime import retime
    from diglot.timing.references import RefWord

    words = []
    for sentence, start, end in zip(_sentences(SHORT), spoken.starts_ms, spoken.ends_ms):
        parts = sentence.split()
        step = (end - start) // len(parts)
        words += [RefWord(w, start + 1500 + i * step, start + 1500 + (i + 1) * step) for i, w in enumerate(parts)]
    ref_doc, _ = retime(align_document(diglot.load(SHORT)), words)
    assert all(abs(got - want - 1500) <= 50 for got, want in zip(_starts(ref_doc), spoken.starts_ms))
    doc, report = align_to_media(ref_doc, spoken.wav)
    for got, want in zip(_starts(doc), spoken.starts_ms):
        assert abs(got - want) <= TOLERANCE_MS
    assert report.combined is not None and report.combined[0] == 6
    assert any("audio refined 6 pairs" in line for line in report.summary_lines())


# -- bad input ---------------------------------------------------------------


def _cli(*args: str):
    from click.testing import CliRunner

    from diglot.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_undecodable_file_is_one_line_and_other_outputs_are_written(tmp_path):
    bad = tmp_path / "talk.mp3"
    bad.write_bytes(b"this is not an mp3 file at all\n" * 50)
    result = _cli("export", str(SHORT), "--to", "json,srt", "--media", str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("diglot: error")]
    assert len(errors) == 1 and str(bad) in errors[0] and "cannot decode media file" in errors[0]
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "short.json").exists()
    assert not (tmp_path / "out" / "short.srt").exists()  # subtitles need the audio's times


def test_silent_file_is_refused(tmp_path):
    silent = tmp_path / "silence.wav"
    speech.write_wav(silent, b"\0\0" * 16000 * 6)
    with pytest.raises(InputError, match="silent") as exc:
        diglot.retime(diglot.load(SHORT), media=silent)
    assert exc.value.file == str(silent)


def test_audio_of_another_text_is_refused_unless_forced(tmp_path):
    if speech.espeak_missing():
        pytest.skip(speech.espeak_missing() or "")
    other = speech.speak_sentences(_sentences(OTHER), tmp_path / "other.wav")
    result = _cli("retime", str(SHORT), "--media", str(other.wav), "-o", str(tmp_path / "t.json"))
    assert result.exit_code == 1
    assert "does not match the transcript" in result.output and "--force" in result.output
    assert not (tmp_path / "t.json").exists()
    forced = _cli("retime", str(SHORT), "--media", str(other.wav), "--force", "-o", str(tmp_path / "t.json"))
    assert forced.exit_code == 0, forced.output
    assert "forced" in forced.output


def test_audio_shorter_than_the_transcript(spoken, tmp_path):
    """The first three sentences only: they are timed from the audio, the rest estimated after it, with a warning."""
    from diglot.timing.audio.align import align_to_media

    short = tmp_path / "short.wav"
    with wave.open(str(spoken.wav)) as w:
        pcm = w.readframes((spoken.ends_ms[2] + 250) * 16)
    speech.write_wav(short, pcm)
    doc, report = align_to_media(diglot.load(SHORT), short)
    pairs = [p for s in doc.segments for p in s.pairs]
    assert [p.timing for p in pairs[:3]] == ["audio"] * 3
    assert all(p.timing != "audio" or p.confidence == 0 for p in pairs[3:])
    for got, want in zip(_starts(doc)[:3], spoken.starts_ms):
        assert abs(got - want) <= TOLERANCE_MS
    assert report.ended_early == 3
    assert any("audio ends before the transcript" in line for line in report.summary_lines())


def test_missing_audio_extra_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # import av now raises ImportError
    clip = tmp_path / "talk.wav"
    speech.write_wav(clip, b"\0\0" * 1600)
    result = _cli("export", str(SHORT), "--to", "json", "--media", str(clip), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("diglot: error")]
    assert errors == [f"diglot: error: {clip}: audio support is not installed: pip install 'diglot[audio]'"]
    assert (tmp_path / "out" / "short.json").exists()
