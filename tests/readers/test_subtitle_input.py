"""Subtitle files as input: one bilingual file, or an English and a Chinese file of one video.

Fixtures are made at test time from the seeds with diglot's own SRT/VTT
exporters (benchmarks/subtitle_input.py: cut differently per language, the
Chinese shifted 300 ms, sound cues and styling added).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import diglot
from diglot.cli import cli
from diglot.errors import InputError
from diglot.model import TIMING_SUBTITLES

from ..conftest import ROOT

_spec = importlib.util.spec_from_file_location("subtitle_input_bench", ROOT / "benchmarks" / "subtitle_input.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

SEED_000, SEED_002 = bench.SEEDS


@pytest.fixture(scope="module")
def fx000(tmp_path_factory):
    return bench.make_fixtures(SEED_000, tmp_path_factory.mktemp("sub000"))


@pytest.fixture(scope="module")
def fx002(tmp_path_factory):
    return bench.make_fixtures(SEED_002, tmp_path_factory.mktemp("sub002"), bilingual=False)


@pytest.fixture(scope="module")
def pair000(fx000):
    return diglot.load_pair(fx000["en"], fx000["zh"])


def _check(doc, seed: Path) -> float:
    en_ok, zh_ok = bench.coverage(doc, seed)
    assert en_ok and zh_ok, "every English and Chinese character of the seed is read back, in order"
    _p, _r, f1 = bench.pairing_f1(bench.doc_pairs(doc), bench.seed_pairs(seed))
    return f1


def test_pair_of_files_pairs_sentences_as_the_seed_does(pair000, fx002):
    assert _check(pair000, SEED_000) >= 0.95
    assert _check(diglot.load_pair(fx002["zh"], fx002["en"]), SEED_002) >= 0.95  # either order


@pytest.mark.parametrize("kind", ["srt", "vtt", "ass"])
def test_bilingual_file_pairs_sentences_as_the_seed_does(fx000, kind):
    doc = diglot.load(fx000[kind])
    assert doc.reader == "subtitles"
    assert _check(doc, SEED_000) >= 0.95


def test_documents_have_real_times_origins_chapters_and_no_sound_text(pair000, fx000):
    doc = pair000
    assert doc.timing.source == TIMING_SUBTITLES and doc.has_real_timing
    assert len(doc.sections) >= 4 and all(s.section for s in doc.segments)
    starts = [p.start_ms for s in doc.segments for p in s.pairs]
    assert starts == sorted(starts) and starts[0] == 200 and starts[1] >= bench.LEAD_MS
    # cue 1 of both files is a sound cue: one segment marked sound, both languages
    music = doc.segments[0]
    assert music.sound and (music.source, music.target) == ("[Music]", "♪ 音乐 ♪") and music.start_ms == 200
    speech = [s for s in doc.segments if not s.sound]
    o = speech[0].origin
    assert o.file == str(fx000["en"]) and o.first_cue == 2
    assert o.target_file == str(fx000["zh"]) and o.target_first_cue == 2
    text = " ".join((p.source or "") + (p.target or "") for s in speech for p in s.pairs)
    for sound in ("[Music]", "♪", "(laughs)", "[笑声]", "<i>", "{\\an8}"):
        assert sound not in text
    sounds = doc.extra["sound_cues"]  # every description, inline ones too
    assert {"[Music]", "♪ 音乐 ♪"} <= {s["text"] for s in sounds} and any("(laughs)" in s["text"] for s in sounds)


def test_json_round_trip(pair000, tmp_path):
    out = tmp_path / "talk.json"
    diglot.export(pair000, "json", out)
    assert diglot.load(out) == pair000


URL = "https://www.youtube.com/watch?v=abc123"
EXTS = (".apkg", ".ass", ".chapters.vtt", ".csv", ".docx", ".epub", ".json", ".srt", ".vtt")


@pytest.fixture(scope="module")
def exports(fx000, tmp_path_factory):
    """``diglot export ... --to all`` once per fixture: the pair of files (with --url), the bilingual SRT (chapters every 3 minutes)."""
    out = tmp_path_factory.mktemp("all")
    runs = {
        "pair": [str(fx000["en"]), str(fx000["zh"]), "--url", URL],
        "bilingual": [str(fx000["srt"]), "-O", "chapter-every=3m"],
    }
    made = {}
    for name, args in runs.items():
        result = CliRunner().invoke(cli, ["export", *args, "--to", "all", "-o", str(out / name)])
        assert result.exit_code == 0, result.output
        files = {p.name.split(".", 1)[1]: p for p in (out / name).iterdir()}
        stem = Path(args[0]).name.split(".")[0]
        assert sorted(p.name for p in files.values()) == sorted(stem + ext for ext in EXTS)
        made[name] = files
    return made


@pytest.mark.parametrize("name", ["pair", "bilingual"])
def test_export_all_subtitles_read_by_pysrt_webvtt_pysubs2_and_ffmpeg(exports, name, tmp_path):
    files = exports[name]
    import pysrt
    import pysubs2
    import webvtt

    srt = pysrt.open(str(files["srt"]), encoding="utf-8", error_handling=pysrt.ERROR_RAISE)
    assert len(srt) > 300 and all(a.end.ordinal <= b.start.ordinal for a, b in zip(srt, srt[1:]))
    if name == "pair":  # the pair of files opens with a sound cue in both languages
        assert "[Music]" in srt[0].text and "♪ 音乐 ♪" in srt[0].text and srt[1].start.ordinal >= bench.LEAD_MS
    assert len(webvtt.read(str(files["vtt"]))) == len(srt)
    assert len(webvtt.read(str(files["chapters.vtt"]))) >= 4
    back = tmp_path / "ffmpeg.srt"  # the system FFmpeg decodes every cue
    run = subprocess.run(["/usr/bin/ffmpeg", "-v", "error", "-i", str(files["srt"]), str(back)], capture_output=True, text=True, check=True)
    assert run.stderr == "" and back.read_text(encoding="utf-8").count(" --> ") == len(srt)
    events = [e for e in pysubs2.load(str(files["ass"])).events if not e.is_comment]
    back_ass = tmp_path / "ffmpeg-ass.srt"
    subprocess.run(["/usr/bin/ffmpeg", "-v", "error", "-i", str(files["ass"]), str(back_ass)], capture_output=True, text=True, check=True)
    assert events and back_ass.read_text(encoding="utf-8").count(" --> ") == len(events)
    from ..exporters.subtitles.subtitle_readback import with_ffmpeg

    assert len(with_ffmpeg(files["vtt"])) == len(srt)  # FFmpeg's WebVTT decoder, through PyAV
    # the pair's {\an8} cues stay at the top: in the SRT and ASS as {\an8}, in the WebVTT as line:0
    assert sum(s.text.startswith("{\\an8}") for s in srt) >= (20 if name == "pair" else 0)
    assert sum(e.text.startswith("{\\an8}") for e in events) == sum(s.text.startswith("{\\an8}") for s in srt)
    assert sum(str(c.settings or "") == "line:0" for c in webvtt.read(str(files["vtt"]))) == sum(s.text.startswith("{\\an8}") for s in srt)


def test_export_all_epubs_pass_epubcheck(exports):
    from ..exporters.test_epub import run_epubcheck

    books = [exports[name]["epub"] for name in ("pair", "bilingual")]
    results = run_epubcheck(books)
    assert {p.name: r[:3] for p, r in results.items()} == {p.name: (0, 0, 0) for p in books}, results
    import ebooklib
    from ebooklib import epub

    titles = {}
    for name in ("pair", "bilingual"):
        book = epub.read_epub(str(exports[name]["epub"]))
        titles[name] = [item.title for item in book.toc]
        assert len([i for i in book.get_items_of_type(ebooklib.ITEM_DOCUMENT) if "chapter-" in i.get_name()]) == len(titles[name])
    assert titles["pair"][1] == "5:09–10:22"  # the reader's chapters, cut at pauses
    # every 3 minutes: each chapter starts in its own 3-minute window
    starts = [t.split("–")[0] for t in titles["bilingual"]]
    minutes = [int(t.split(":")[0]) for t in starts]
    assert len(titles["bilingual"]) >= 8 and all(m // 3 == k for k, m in enumerate(minutes)), titles["bilingual"]


def test_export_all_handouts_open_in_python_docx_and_libreoffice(exports, tmp_path):
    import shutil

    import docx
    import pypdf

    for name in ("pair", "bilingual"):
        body = "".join(docx.Document(str(exports[name]["docx"])).element.body.itertext())
        assert "Oriel Vinyals and Kwok Lee" in body and "他们刚才就站在大家面前" in body
    assert "5:09–10:22" in "".join(docx.Document(str(exports["pair"]["docx"])).element.body.itertext())
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: .ci/run installs it"
    sources = [exports[name]["docx"] for name in ("pair", "bilingual")]
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, sources)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    for src in sources:
        pdf = tmp_path / (src.stem + ".pdf")
        assert pdf.exists(), proc.stdout + proc.stderr
        reader = pypdf.PdfReader(pdf)
        text = "".join(page.extract_text() for page in reader.pages)
        assert len(reader.pages) >= 5 and "Oriel Vinyals" in text and "组织者" in text


def test_export_all_json_round_trips_and_cards_import_into_anki(exports, pair000, tmp_path):
    data = json.loads(exports["pair"]["json"].read_text(encoding="utf-8"))
    assert data["document"]["timing"]["source"] == TIMING_SUBTITLES
    from dataclasses import replace

    back = diglot.load(exports["pair"]["json"])
    assert back == replace(pair000, source_url=URL)
    again = tmp_path / "again.json"
    diglot.export(back, "json", again)
    assert again.read_bytes() == exports["pair"]["json"].read_bytes()
    for name, first in (("pair", "0:02"), ("bilingual", "0:00")):  # the pair's speech starts after a [Music] cue
        csv = exports[name]["csv"].read_text(encoding="utf-8")
        assert first in csv and "[Music]" not in csv and "(laughs)" not in csv
    _check_cards_in_anki(exports["pair"]["apkg"], tmp_path / "c.anki2")
    _check_cards_in_anki(exports["bilingual"]["apkg"], tmp_path / "b.anki2", time="0:00", url=None)


def _check_cards_in_anki(apkg: Path, collection: Path, time: str = "0:02", url: str | None = "watch?v=abc123") -> None:
    """Sentence cards in a fresh collection of the real Anki: the subtitle's own time and a link to that moment."""
    from anki import import_export_pb2 as pb
    from anki.collection import Collection, ImportAnkiPackageRequest

    col = Collection(str(collection))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=pb.ImportAnkiPackageOptions()))
        notes = [col.get_note(n) for n in col.find_notes("")]
        first = next(n for n in notes if "I want to thank the organizers" in n.fields[0])
        fields = dict(first.items())
        assert time in fields.values()  # the subtitle's own time (the pair: 2 s after the [Music] cue)
        if url:
            assert any(f"{url}&amp;t=2s" in v or f"{url}&t=2s" in v for v in fields.values())
        assert not any("[Music]" in n.fields[0] or "(laughs)" in n.fields[0] for n in notes)
    finally:
        col.close()


def test_keep_cues_merges_the_two_files_cue_by_cue(fx000, tmp_path):
    import pysrt

    out = tmp_path / "kept"
    result = CliRunner().invoke(cli, ["export", "--source", str(fx000["en"]), "--target", str(fx000["zh"]), "--to", "srt,vtt", "-O", "keep-cues=true", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import webvtt

    chapters = webvtt.read(str(out / "talk000.chapters.vtt"))
    assert [c.text for c in chapters][:2] == ["0:00–5:08", "5:09–10:22"]  # the reader's chapters by time
    merged = pysrt.open(str(out / "talk000.srt"), encoding="utf-8", error_handling=pysrt.ERROR_RAISE)
    english = pysrt.open(str(fx000["en"]), encoding="utf-8")
    # the English file's timing, cue for cue (plus any Chinese cue overlapping no English one)
    en_times = {(c.start.ordinal, c.end.ordinal) for c in english}
    kept = [c for c in merged if (c.start.ordinal, c.end.ordinal) in en_times]
    assert len(kept) == len(english)
    joined = bench.squash("".join(c.text for c in merged))
    zh_all = bench.squash("".join(pysrt.open(str(fx000["zh"]), encoding="utf-8").text))
    zh_chars = [ch for ch in zh_all if "\u4e00" <= ch <= "\u9fff"]
    assert sum(ch in joined for ch in set(zh_chars)) == len(set(zh_chars))
    assert any("[Music]" in c.text for c in merged)


def _srt(*cues: tuple[str, str, str]) -> str:
    return "\n".join(f"{n}\n{a} --> {b}\n{t}\n" for n, (a, b, t) in enumerate(cues, 1))


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


BILINGUAL = _srt(
    ("00:00:01,000", "00:00:03,000", "{\\an8}<i>Hello there.</i>\\N你好。"),
    ("00:00:03,100", "00:00:05,000", "我们开始吧。\nLet's begin."),
    ("00:00:05,100", "00:00:06,000", "[Applause]"),
    ("00:00:06,100", "00:00:08,000", "(laughs) - GPT-4 is big.\n- GPT-4 很大。"),
)


def test_bilingual_cue_text_either_order_tags_and_sounds(tmp_path):
    doc = diglot.load(_write(tmp_path, "a.srt", BILINGUAL))
    pairs = [(p.source, p.target) for s in doc.segments for p in s.pairs]
    assert pairs == [("Hello there.", "你好。"), ("Let's begin.", "我们开始吧。"), ("[Applause]", None), ("GPT-4 is big.", "GPT-4 很大。")]
    assert [s.sound for s in doc.segments] == [False, True, False]  # a cue of sound only is a sound segment
    assert [s["text"] for s in doc.extra["sound_cues"]] == ["[Applause]", "(laughs)"]


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "utf-8-sig"])
def test_encodings(tmp_path, encoding):
    doc = diglot.load(_write(tmp_path, "a.srt", BILINGUAL, encoding))
    assert doc.segments[0].pairs[0].target == "你好。"


def test_unsorted_and_overlapping_cues_are_sorted_and_reported(tmp_path):
    text = _srt(
        ("00:00:04,000", "00:00:06,000", "Second one.\n第二句。"),
        ("00:00:01,000", "00:00:04,500", "First one.\n第一句。"),
    )
    doc = diglot.load(_write(tmp_path, "a.srt", text))
    assert [p.source for s in doc.segments for p in s.pairs] == ["First one.", "Second one."]
    messages = " ".join(str(n) for n in doc.notices)
    assert "not in time order" in messages and "start before the previous one ends" in messages


def test_text_after_a_blank_line_inside_a_cue_is_kept(tmp_path):
    text = "1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n你好。\n\n2\n00:00:03,100 --> 00:00:05,000\nBye.\n再见。\n"
    doc = diglot.load(_write(tmp_path, "a.srt", text))
    assert [(p.source, p.target) for s in doc.segments for p in s.pairs] == [("Hello there.", "你好。"), ("Bye.", "再见。")]
    assert any("blank line" in n.message for n in doc.notices)


@pytest.mark.parametrize(
    "name, text, reason",
    [
        ("bad.srt", _srt(("00:00:01,000", "00:00:03,000", "Hi.\n你好。"), ("00:00:61,000", "00:00:62,000", "Bye.\n再见。")), "cue 2: bad time"),
        ("en.srt", _srt(("00:00:01,000", "00:00:03,000", "Hi."),), "English only"),
        ("c.ass", "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nComment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,note\n", "only 1 comment line"),
        ("m.srt", _srt(("00:00:01,000", "00:00:03,000", "[Music]"),), "only sound descriptions"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path, name, text, reason):
    path = _write(tmp_path, name, text)
    with pytest.raises(InputError) as err:
        diglot.load(path)
    assert reason in str(err.value) and str(path) in str(err.value)
    result = CliRunner().invoke(cli, ["export", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "Traceback" not in result.output and reason in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_two_files_in_one_language_are_refused(fx000, tmp_path):
    copy = _write(tmp_path, "other.srt", fx000["en"].read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="both subtitle files are in English"):
        diglot.load_pair(fx000["en"], copy)


def test_two_files_of_different_videos_are_refused_unless_forced(fx000, fx002, tmp_path):
    with pytest.raises(InputError, match="the English runs .* different videos"):
        diglot.load_pair(fx000["en"], fx002["zh"])
    # the same length of video: the names and numbers tell
    import pysrt

    end = pysrt.open(str(fx000["en"]), encoding="utf-8")[-1].end.ordinal
    cut = pysrt.SubRipFile([c for c in pysrt.open(str(fx002["zh"]), encoding="utf-8") if c.end.ordinal <= end])
    cut.save(str(tmp_path / "cut.zh.srt"), encoding="utf-8")
    with pytest.raises(InputError, match="names and numbers in the Chinese .* different videos"):
        diglot.load_pair(fx000["en"], tmp_path / "cut.zh.srt")
    forced = diglot.load_pair(fx000["en"], fx002["zh"], force=True)
    assert forced.segments
    result = CliRunner().invoke(cli, ["export", "--source", str(fx000["en"]), "--target", str(fx002["zh"]), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "different videos" in result.output and "--force" in result.output


def test_youtube_rolling_captions_as_the_english_side(tmp_path):
    fixtures = ROOT / "tests" / "timing" / "fixtures"
    rolling = fixtures / "youtube_rolling.vtt"
    from diglot.timing.references import load_reference

    words = load_reference(rolling).words
    # a Chinese file cut into three cues over the same time span
    span = (words[0].start_ms, words[-1].end_ms)
    third = (span[1] - span[0]) // 3
    from diglot.clock import format_clock

    cues = [(format_clock(span[0] + k * third, ","), format_clock(span[0] + (k + 1) * third - 50, ","), f"第{k + 1}句话。") for k in range(3)]
    zh = _write(tmp_path, "talk.zh.srt", _srt(*cues))
    doc = diglot.load_pair(rolling, zh)
    pairs = [p for s in doc.segments for p in s.pairs]
    english = " ".join(p.source or "" for p in pairs).split()
    assert english == [w.text for w in words]  # every word once: the rolling is undone
    assert [p.target for p in pairs if p.target] == ["第1句话。", "第2句话。", "第3句话。"]


def test_file_names_that_differ_by_a_language_tag_are_grouped():
    from diglot.readers.grouping import group_files

    assert group_files(["a/talk.zh-Hans.srt", "x.txt", "a/talk.en.srt", "b.en.vtt", "x.txt"]) == [
        ("a/talk.en.srt", "a/talk.zh-Hans.srt"),
        ("x.txt",),
        ("b.en.vtt",),
        ("x.txt",),
    ]


def test_formats_lists_the_subtitle_readers():
    out = CliRunner().invoke(cli, ["formats"]).output
    assert "subtitles" in out and "subtitle-pair" in out
    assert "keep-cues" in CliRunner().invoke(cli, ["formats", "srt"]).output  # options are listed per format


def test_languages_from_file_name_tags_and_lang_option(fx000, tmp_path):
    cht = _write(tmp_path, "talk.cht.srt", fx000["zh"].read_text(encoding="utf-8"))
    assert diglot.load_pair(fx000["en"], cht).target_lang == "zh-Hant"
    out = tmp_path / "o"
    result = CliRunner().invoke(cli, ["export", str(fx000["en"]), str(fx000["zh"]), "--lang", "en-GB,zh-Hant", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "talk000.json").read_text(encoding="utf-8"))["document"]
    assert (doc["source_lang"], doc["target_lang"]) == ("en-GB", "zh-Hant")
    bad = CliRunner().invoke(cli, ["export", str(fx000["en"]), "--lang", "en", "-o", str(out)])
    assert bad.exit_code == 2 and "SOURCE,TARGET" in bad.output


def test_zero_length_cues_keep_their_pairs(tmp_path):
    text = _srt(("00:00:01,000", "00:00:01,000", "Hello there.\n你好。"), ("00:00:02,000", "00:00:04,000", "Bye.\n再见。"))
    doc = diglot.load(_write(tmp_path, "z.srt", text))
    assert [(p.source, p.target) for s in doc.segments for p in s.pairs] == [("Hello there.", "你好。"), ("Bye.", "再见。")]


def test_keep_cues_from_one_bilingual_file_to_webvtt(tmp_path):
    import webvtt

    doc = diglot.load(_write(tmp_path, "a.srt", BILINGUAL))
    out = tmp_path / "a.vtt"
    diglot.export(doc, "vtt", out, keep_cues=True)
    caps = webvtt.read(str(out))
    assert [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in caps] == [(1000, 3000), (3100, 5000), (5100, 6000), (6100, 8000)]
    assert "[Applause]" in caps[2].text and "你好。" in caps[0].text and "Hello there." in caps[0].text
    with pytest.raises(diglot.OptionError, match="not read from subtitle files"):
        diglot.export(diglot.load(SEED_000), "srt", tmp_path / "b.srt", keep_cues=True)


def test_bad_url_is_a_usage_error(fx000, tmp_path):
    out = tmp_path / "o"
    bad = CliRunner().invoke(cli, ["export", str(fx000["en"]), "--url", "javascript:alert(1)", "-o", str(out)])
    assert bad.exit_code == 2 and "--url" in bad.output


def test_a_mislabelled_file_is_read_by_its_text(fx000, tmp_path):
    wrong = _write(tmp_path, "talk.en.srt", fx000["zh"].read_text(encoding="utf-8"))  # Chinese, named English
    doc = diglot.load_pair(fx000["en"], wrong)
    assert any("file name says English but the text is Chinese" in n.message for n in doc.notices)
    assert bench.coverage(doc, SEED_000) == (True, True)
