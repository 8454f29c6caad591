"""Input bytes at the edges: size limit, endless files, UTF-32 without BOM, NUL bytes."""

from __future__ import annotations

import codecs

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
