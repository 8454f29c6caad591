"""Every subtitle format diglot writes, played as viewers do: Debian's FFmpeg 5.1, PyAV's newer FFmpeg,
the Python readers, a frame burned in by libass, and (WebVTT) Chromium's <track>.

The default files must read with every cue and all their text in each of
them. Skips with a printed reason when /usr/bin/ffmpeg or chromium is missing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import diglot
from diglot.pipeline import prepare, render
from diglot.exporters import get
from diglot.exporters.subtitles.ass import ass_cues
from diglot.model import Document
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.writing import make_cues, ordered_sides

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED
from .players import blank_frame, burn_in, ffmpeg_version, ink_bands, with_chromium, with_system_ffmpeg
from .subtitle_readback import squash, with_ffmpeg, with_pysrt, with_webvtt

SEEDS = {"paired": PAIRED_SEED, "frontmatter": FRONTMATTER_SEED}
FORMATS = ["srt", "vtt", "ass"]


@cache
def seed(name: str) -> Document:
    return diglot.load(SEEDS[name])


def export(fmt: str, doc: Document, path: Path, **options):
    cls = get(fmt)
    return render(cls(cls.Options(**options)), doc, path)


def cues_for(fmt: str, doc: Document, **options):
    """The cues the exporter of *fmt* writes (ASS: on whole centiseconds)."""
    opts = get(fmt).Options(**options)
    doc = prepare(doc, timing=opts.timing())
    return (ass_cues(doc, opts) if fmt == "ass" else make_cues(doc, opts))[0], opts


def expected(fmt: str, doc: Document, **options) -> list[tuple[int, int, str]]:
    cues, opts = cues_for(fmt, doc, **options)
    return [(c.start_ms, c.end_ms, "\n".join(l for _, side in ordered_sides(c, opts.order) for l in side)) for c in cues]


@pytest.fixture(scope="module")
def default_file(tmp_path_factory):
    """The default export of a seed in a format, written once for the module's tests."""
    root = tmp_path_factory.mktemp("players")
    made: dict[tuple[str, str], Path] = {}

    def make(fmt: str, name: str) -> Path:
        if (fmt, name) not in made:
            path = root / f"{name}.{fmt}"
            export(fmt, seed(name), path)
            made[fmt, name] = path
        return made[fmt, name]

    return make


@cache
def default_cues(fmt: str, name: str):
    return cues_for(fmt, seed(name))[0], expected(fmt, seed(name))


def python_reader(fmt: str):
    if fmt == "srt":
        return with_pysrt
    if fmt == "vtt":
        return with_webvtt
    from .test_ass import with_pysubs2

    return with_pysubs2


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_default_file_reads_in_full_in_system_ffmpeg_pyav_and_python(fmt, name, default_file):
    path = default_file(fmt, name)
    _, want = default_cues(fmt, name)
    readers = {"system ffmpeg": with_system_ffmpeg, "pyav": with_ffmpeg, "python": python_reader(fmt)}
    for reader, read in readers.items():
        got = read(path)
        assert len(got) == len(want), (reader, len(got), len(want))
        assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want], reader
        assert [squash(t) for _, _, t in got] == [squash(t) for _, _, t in want], reader
    print(f"\n{name}.{fmt}: {len(want)} cues read by {ffmpeg_version()}, PyAV and {python_reader(fmt).__name__}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_burned_in_frame_shows_both_languages(fmt, name, default_file):
    path = default_file(fmt, name)
    cues, _ = default_cues(fmt, name)
    cue = next(c for c in cues if c.source_lines and c.target_lines and c.duration_ms > 800)
    frame = burn_in(path, (cue.start_ms + cue.end_ms) // 2)
    blank = blank_frame()
    assert max(blank) < 16
    lit = sum(v > 64 for v in frame)
    bands = ink_bands(frame)
    print(f"\n{name}.{fmt}: {lit} bright pixels, text bands at rows {bands} for {cue.target_lines + cue.source_lines}")
    assert lit > 500
    # one band per line at least: the Chinese and the English lines are both drawn, apart
    assert len(bands) >= len(cue.target_lines) + len(cue.source_lines)


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_chromium_track_loads_every_vtt_cue(name, default_file):
    path = default_file("vtt", name)
    _, want = default_cues("vtt", name)
    got = with_chromium(path)
    assert len(got) == len(want)
    assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want]
    assert [squash(t) for _, _, t in got] == [squash(t) for _, _, t in want]
    print(f"\n{name}.vtt: Chromium's <track> loaded {len(got)} cues")


def test_style_block_is_opt_in_and_stops_ffmpeg_51(tmp_path):
    """Why the STYLE block is off by default: FFmpeg 5.1 reads none of the cues after it; check warns."""
    doc = seed("paired")
    styled = tmp_path / "styled.vtt"
    export("vtt", doc, styled, css=True)
    plain = tmp_path / "plain.vtt"
    export("vtt", doc, plain)
    assert "\nSTYLE\n" in styled.read_text("utf-8") and "STYLE" not in plain.read_text("utf-8")
    n = len(with_ffmpeg(styled))  # PyAV's newer FFmpeg skips the block
    assert n == len(with_webvtt(styled)) == len(with_system_ffmpeg(plain)) > 50
    old = len(with_system_ffmpeg(styled))
    print(f"\nwith STYLE: {ffmpeg_version()} reads {old} of {n} cues")
    if "version 5." in ffmpeg_version():
        assert old == 0
    assert qc.check_file(plain).warnings == []
    (warning,) = qc.check_file(styled).warnings
    assert warning.startswith("STYLE block: FFmpeg 5.1")
    from click.testing import CliRunner

    from diglot.cli import cli

    checked = CliRunner().invoke(cli, ["check", "--summary", str(styled), str(plain)])
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("warning: STYLE block") == 1 and f"{styled}: warning: STYLE block" in checked.output
    formats = CliRunner().invoke(cli, ["formats", "vtt"]).output  # options are listed for the formats named
    assert "-O vtt.css" in formats and "FFmpeg 5.1" in formats
