"""Input bytes at the edges: size limit, endless files, UTF-32 without BOM, NUL bytes."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

import diglot
from diglot.errors import InputError, OptionError
from diglot.textio import decode, read_text_file

from ..conftest import PAIRED_SEED

SEED = PAIRED_SEED.read_text(encoding="utf-8")


def test_dev_zero_is_refused_at_the_limit_not_read_until_memory_runs_out(monkeypatch):
    monkeypatch.setenv("DIGLOT_MAX_INPUT_MB", "1")
    with pytest.raises(InputError, match="larger than the input limit of 1 MB") as info:
        read_text_file("/dev/zero")
    assert str(info.value).startswith("/dev/zero: ")


def test_size_limit_default_env_and_argument(tmp_path, monkeypatch):
    path = tmp_path / "talk.txt"
    path.write_text(SEED, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(InputError, match="input limit"):
        diglot.load(path, max_bytes=size - 1)
    assert diglot.load(path, max_bytes=size).segments
    monkeypatch.setenv("DIGLOT_MAX_INPUT_MB", str(size / 2 / 1024 / 1024))
    with pytest.raises(InputError, match="DIGLOT_MAX_INPUT_MB"):
        diglot.load(path)
    monkeypatch.setenv("DIGLOT_MAX_INPUT_MB", "lots")
    with pytest.raises(OptionError, match="DIGLOT_MAX_INPUT_MB"):
        diglot.load(path)


@pytest.mark.parametrize("enc", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_utf16_and_utf32_without_bom_are_read(enc):
    assert decode(SEED.encode(enc), "t") == SEED


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE])
def test_utf32_with_bom_is_read(bom):
    enc = "utf-32-le" if bom == codecs.BOM_UTF32_LE else "utf-32-be"
    assert decode(bom + SEED.encode(enc), "t") == SEED


@pytest.mark.parametrize("where", [10, 5000, len(SEED.encode()) - 3])
def test_a_nul_byte_anywhere_refuses_the_file_the_same_way(where):
    data = SEED.encode()
    with pytest.raises(InputError, match=r"binary file, not text \(NUL"):
        decode(data[:where] + b"\x00" + data[where:], "t")


def test_a_nul_character_in_utf16_text_is_refused_too():
    with pytest.raises(InputError, match="NUL character"):
        decode((SEED[:6000] + "\x00" + SEED[6000:]).encode("utf-16"), "t")


def test_segments_per_document_limit(tmp_path, monkeypatch):
    path = tmp_path / "talk.txt"
    path.write_text(SEED, encoding="utf-8")
    count = len(diglot.load(path).segments)
    monkeypatch.setenv("DIGLOT_MAX_SEGMENTS", str(count))
    assert len(diglot.load(path).segments) == count
    monkeypatch.setenv("DIGLOT_MAX_SEGMENTS", str(count - 1))
    with pytest.raises(InputError) as info:
        diglot.load(path)
    assert str(info.value) == f"{path}: {count} segments, over the limit of {count - 1} per document (DIGLOT_MAX_SEGMENTS raises it)"
    monkeypatch.setenv("DIGLOT_MAX_SEGMENTS", "0")
    with pytest.raises(OptionError, match="DIGLOT_MAX_SEGMENTS='0' is not a positive whole number"):
        diglot.load(path)


@pytest.mark.parametrize("side", ["source", "target"])
def test_characters_per_segment_limit(tmp_path, side):
    from diglot.limits import MAX_SEGMENT_CHARS

    # the default limit: 20,000 characters of one side of one segment; the second paragraph pair is over it
    fill = {"source": "word " * (MAX_SEGMENT_CHARS // 5), "target": "字" * MAX_SEGMENT_CHARS}
    at = f"{fill['source'].strip()}\n\n{fill['target']}\n\n"
    over = f"{fill['source'] + 'more' if side == 'source' else 'More.'}\n\n{fill['target'] + '多' if side == 'target' else '多。'}\n"
    path = tmp_path / "talk.txt"
    path.write_text(at + over, encoding="utf-8")
    with pytest.raises(InputError) as info:
        diglot.load(path)
    length = MAX_SEGMENT_CHARS + (4 if side == "source" else 1)
    assert str(info.value) == (
        f"{path}:5: segment seg-0002 has {length:,} characters, over the limit of {MAX_SEGMENT_CHARS:,} per segment"
        " (split it into paragraphs, or raise DIGLOT_MAX_SEGMENT_CHARS)"
    )
    path.write_text(at, encoding="utf-8")
    (seg,) = diglot.load(path).segments  # at the limit: read
    assert [len(seg.source or ""), len(seg.target or "")] == [MAX_SEGMENT_CHARS - 1, MAX_SEGMENT_CHARS]


def test_a_huge_one_paragraph_input_is_refused_before_any_export(tmp_path):
    # issue 16: a 36 MB two-line input blocked a batch for 14 minutes; now such a paragraph stops at reading
    path = tmp_path / "wall.txt"
    path.write_text("Words go on and on. " * 25_000 + "\n\n" + "话说个不停。" * 12_500 + "\n", encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("We talk.\n\n我们说话。\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "diglot", "export", str(path), str(short), "--to", "srt", "-o", str(tmp_path / "out"), "-q", "-j", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"diglot: error: {path}:1: segment seg-0001 has 499,999 characters, over the limit of 20,000 per segment"
        " (split it into paragraphs, or raise DIGLOT_MAX_SEGMENT_CHARS)"
    ]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["short.srt"]
