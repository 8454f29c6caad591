"""The talk's voice and picture on the cards: espeak-ng speech in a tiny video, through the real
decoder and aligner, into an .apkg the real Anki imports (media present, fields referring to it)
and a CSV whose media folder Anki finds once copied into collection.media.

One recording and one ``diglot export --media`` run serve every test (a few seconds).
"""

from __future__ import annotations

import array
import math
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import diglot
from diglot.cli import cli

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import media as media_helpers  # noqa: E402
import speech  # noqa: E402

SHORT = HERE / "fixtures" / "short.txt"
PAUSES = [300, 700, 400, 900, 500]
COLOURS = ((220, 30, 30), (30, 200, 30), (30, 30, 220))
PADDING = 300

av = pytest.importorskip("av", reason="diglot[audio] (av) is not installed")
pytest.importorskip("pocketsphinx", reason="diglot[audio] (pocketsphinx) is not installed")
anki_collection = pytest.importorskip("anki.collection", reason="the anki package is not installed")


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    """(video, spoken truth, output dir of one ``diglot export --to apkg,anki --media`` run, its output)."""
    why = speech.espeak_missing()
    if why:
        pytest.skip(why)
    from diglot.align.sentences import align_document

    tmp = tmp_path_factory.mktemp("cards")
    sentences = [p.source for s in align_document(diglot.load(SHORT)).segments for p in s.pairs if p.source]
    spoken = speech.speak_sentences(sentences, tmp / "talk.wav", pauses_ms=PAUSES)
    video = media_helpers.encode(spoken.wav, tmp / "talk.mp4", picture_colours=COLOURS)
    out = tmp / "out"
    result = _export(video, out)
    return video, spoken, out, result.output


def _export(video: Path, out: Path, *extra: str):
    result = CliRunner().invoke(
        cli,
        ["export", str(SHORT), "--to", "apkg,anki", "--media", str(video), "-o", str(out),
         "-O", f"clip-padding={PADDING}", "-O", "still-width=32", "-O", "apkg.timestamp=1700000000", *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result


def _import(col, path: Path):
    from anki import import_export_pb2 as pb
    from anki.collection import ImportAnkiPackageRequest

    opts = pb.ImportAnkiPackageOptions(update_notes=pb.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=opts)).log


def _notes(col) -> list:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return sorted(notes, key=lambda n: n["Time"] if "Time" in n else "")


def _play(path: Path) -> tuple[float, float]:
    """Decode *path* with PyAV: (seconds, RMS in dBFS)."""
    with av.open(str(path)) as f:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=16000)
        pcm = b"".join(bytes(o.planes[0])[: o.samples * 2] for fr in f.decode(audio=0) for o in resampler.resample(fr))
    samples = array.array("h", pcm)
    rms = math.sqrt(sum(x * x for x in samples) / len(samples))
    return len(samples) / 16000, 20 * math.log10(rms / 32767)


def _colour(path: Path) -> tuple[int, int, int, int, int]:
    with av.open(str(path)) as f:
        frame = next(f.decode(video=0))
        rgb = bytes(frame.to_rgb().planes[0])[:3]
    return frame.width, frame.height, rgb[0], rgb[1], rgb[2]


def test_apkg_with_clips_and_stills_imports_into_anki(talk, tmp_path):
    video, spoken, out, output = talk
    assert "6 of 6" in output and "media files (audio clips, stills) in the package" in output
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        log = _import(col, out / "short.apkg")
        assert len(log.new) == 6
        media_dir = Path(col.media.dir())
        notes = [n for n in _notes(col) if n.note_type()["name"] == "diglot sentence"]
        assert len(notes) == 6
        for note, start, end in zip(notes, spoken.starts_ms, spoken.ends_ms):
            audio = re.fullmatch(r"\[sound:(diglot-[0-9a-f]{20}\.opus)\]", note["Audio"])
            picture = re.fullmatch(r'<img src="(diglot-[0-9a-f]{20}\.jpg)">', note["Picture"])
            assert audio and picture, (note["Audio"], note["Picture"])
            clip, still = media_dir / audio.group(1), media_dir / picture.group(1)
            # the files are in the collection's media folder, the card plays the clip
            assert clip.is_file() and still.is_file()
            card = note.cards()[0]
            assert [t.filename for t in card.answer_av_tags()] == [clip.name]
            assert still.name in card.answer()
            # the clip is this sentence's audio: its length is the spoken sentence's plus the padding
            seconds, loudness = _play(clip)
            assert abs(seconds - (end - start + 2 * PADDING) / 1000) < 0.3, (seconds, start, end)
            assert -24 < loudness < -16  # loudness-normalised to about -20 dBFS
            # the still is from the middle of the sentence: the colour of that second of the video
            width, height, *rgb = _colour(still)
            assert (width, height) == (32, 24)
            # (the first frame, 5 a second, at or after the aligned middle, within 250 ms of the true one)
            mid = (start + end) // 2
            wants = {COLOURS[(-(-t // 200) // 5) % len(COLOURS)] for t in (mid - 250, mid, mid + 250)}
            assert any(max(abs(a - b) for a, b in zip(rgb, want)) < 40 for want in wants), (rgb, wants)
        # nothing missing, nothing unused: exactly the files the package carries
        check = col.media.check()
        assert list(check.missing) == [] and list(check.unused) == []
        packaged = {n for n in zipfile.ZipFile(out / "short.apkg").namelist() if n.isdigit()}
        assert len(packaged) == len(list(media_dir.iterdir()))
    finally:
        col.close()


def test_reexport_and_reimport_duplicate_nothing(talk, tmp_path):
    video, _spoken, out, _output = talk
    again = tmp_path / "again"
    _export(video, again)
    # same input, same options: the same package bytes and the same media files under the same names
    assert (again / "short.apkg").read_bytes() == (out / "short.apkg").read_bytes()
    assert sorted(p.name for p in (again / "short.media").iterdir()) == sorted(p.name for p in (out / "short.media").iterdir())
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(col, out / "short.apkg")
        notes, files = col.note_count(), sorted(Path(col.media.dir()).iterdir())
        log = _import(col, again / "short.apkg")
        assert len(log.new) == 0
        assert col.note_count() == notes
        assert sorted(Path(col.media.dir()).iterdir()) == files
    finally:
        col.close()


def test_csv_media_folder_is_what_anki_needs(talk, tmp_path):
    _video, _spoken, out, output = talk
    assert "short.media/" in output and "collection.media" in output
    folder = out / "short.media"
    # the clips were cut once for both exporters: the CSV's folder holds the package's files
    assert sorted(p.name for p in folder.iterdir()) == sorted(_package_media(out / "short.apkg"))
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        for f in folder.iterdir():  # what the message tells the user to do
            shutil.copy(f, Path(col.media.dir()) / f.name)
        from anki.collection import ImportCsvRequest

        csv = out / "short.csv"
        meta = col.get_csv_metadata(path=str(csv), delimiter=None)
        log = col.import_csv(ImportCsvRequest(path=str(csv), metadata=meta)).log
        assert len(log.new) == 6
        sounds = set()
        for note in _notes(col):
            sounds.update(re.findall(r"\[sound:([^\]]+)\]", note["Back"]))
        assert len(sounds) == 6 and all((folder / s).is_file() for s in sounds)
        check = col.media.check()
        assert list(check.missing) == [] and list(check.unused) == []
    finally:
        col.close()


def test_mp3_webp_and_audio_only(talk, tmp_path):
    """The other formats, and an audio file: clips but no Picture field."""
    from diglot.exporters.anki.apkg import ApkgExporter, ApkgOptions
    from diglot.pipeline import clip_options_of
    from diglot.timing.audio.clips import cut_for_cards

    video, spoken, _out, _output = talk
    # the API: prepare cuts the clips, export renders the document that carries them
    timed = diglot.prepare(diglot.load(SHORT), {"clips"}, media=video)
    assert timed.media_cut is not None and len(timed.media_cut.clips) == 6
    diglot.export(timed, "apkg", tmp_path / "api.apkg", timestamp=1_700_000_000)
    assert {Path(n).suffix for n in _package_media(tmp_path / "api.apkg")} == {".opus", ".jpg"}
    exporter = ApkgExporter(ApkgOptions(clip_format="mp3", still_format="webp", still_width=32, timestamp=1_700_000_000))
    exporter.write(cut_for_cards(timed, video, clip_options_of(exporter)), tmp_path / "mp3.apkg")
    assert {Path(n).suffix for n in _package_media(tmp_path / "mp3.apkg")} == {".mp3", ".webp"}
    audio_only = ApkgExporter(ApkgOptions(timestamp=1_700_000_000))
    result = audio_only.write(cut_for_cards(timed, spoken.wav, clip_options_of(audio_only)), tmp_path / "wav.apkg")
    assert {Path(n).suffix for n in _package_media(tmp_path / "wav.apkg")} == {".opus"}
    assert "6 media files (audio clips, stills) in the package" in result.messages
    # clips=false: the pipeline cuts none, and cards ignore clips a document already carries
    off = ApkgExporter(ApkgOptions(clips=False, timestamp=1_700_000_000))
    assert clip_options_of(off) is None
    off.write(cut_for_cards(timed, spoken.wav), tmp_path / "off.apkg")
    assert _package_media(tmp_path / "off.apkg") == []


def test_no_media_no_folder(tmp_path):
    plain = CliRunner().invoke(cli, ["export", str(SHORT), "--to", "apkg,anki", "-o", str(tmp_path / "plain")])
    assert plain.exit_code == 0
    assert not (tmp_path / "plain" / "short.media").exists()
    assert _package_media(tmp_path / "plain" / "short.apkg") == []


def test_estimated_times_cut_no_clips(talk):
    """Clips need times from the video: an estimate would cut another sentence's audio."""
    from diglot.pipeline import prepare
    from diglot.timing.audio.clips import cut_for_cards

    video, *_ = talk
    estimated = prepare(diglot.load(SHORT), {"times"})
    cut = cut_for_cards(estimated, video).media_cut
    assert cut is not None and cut.clips == ()
    assert "estimated" in cut.messages[0]


def _package_media(path: Path) -> list[str]:
    import json

    with zipfile.ZipFile(path) as z:
        return list(json.loads(z.read("media")).values())
