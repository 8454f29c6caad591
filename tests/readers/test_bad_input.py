"""Bad input: a correct parse or a one-line InputError naming the file, never a traceback."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import diglot
from diglot.errors import InputError

from ..conftest import FRONTMATTER_SEED, PAIRED_SEED


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "file is empty"),
        (b"  \n\n\t\n", "file is empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500), "binary"),
        (b"name,age\nAlice,3\nBob,4\n", "not a transcript"),
        (b"Only English here, in a sentence.\n\nAnd more English.\n", "no translation found"),
        ("只有中文，这是一个比较长的中文段落，没有英文原文。\n\n还是中文。\n".encode(), "no English original"),
        (b'{"format": "diglot", "schema": 99, "document": {}}', "unsupported diglot JSON schema"),
        (b'{"format": "diglot", "schema": 1, "document": {"segments": [{"id": 1}]}}', "malformed diglot JSON"),
        (b'{"format": "diglot", ', "invalid JSON"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path, data, reason):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(InputError) as info:
        diglot.load(path)
    message = str(info.value)
    assert reason in message
    assert message.startswith(str(path))
    assert "\n" not in message


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        diglot.load(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        diglot.load(tmp_path)


@pytest.mark.parametrize("seed", [PAIRED_SEED, FRONTMATTER_SEED], ids=["paired", "frontmatter"])
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("gb18030"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16le", "utf16be", "gb18030", "crlf", "cr"],
)
def test_encodings_and_line_ends_give_the_same_model(tmp_path, seed, encode):
    reference = diglot.load(seed)
    text = seed.read_text(encoding="utf-8")
    path = write(tmp_path, seed.name, encode(text))
    assert diglot.load(path) == reference


def test_fifty_megabyte_file(tmp_path, monkeypatch):
    """A 50 MB transcript parses completely (linear-time reader); its 100,640 segments are over the
    per-document limit (diglot.limits), raised here: by default it is refused right after reading."""
    monkeypatch.setenv("DIGLOT_MAX_SEGMENTS", "1000000")
    text = PAIRED_SEED.read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n\n"
    body = text.split("\n", 1)[1]
    copies = 50_000_000 // len(body.encode()) + 1
    path = write(tmp_path, "big.txt", (text + body * copies).encode())
    assert path.stat().st_size > 50_000_000
    doc = diglot.load(path)
    assert len(doc.segments) == 74 * (copies + 1)
    assert doc.untranslated_count == 6 * (copies + 1)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            list("ab 中文。\n\n#*<>/-:：&;>`")
            + ["<details>", "</details>", "<summary>", "</p>", "<p>", "---\n", "**A:**", "未找到意译内容", "</所", "## 20241216"]
        ),
        max_size=120,
    ).map("".join)
)
def test_readers_never_crash_on_arbitrary_text(text):
    for fmt in (None, "paired", "frontmatter", "json"):
        try:
            doc = diglot.loads(text, "fuzz.txt", format=fmt)
        except InputError as exc:
            assert str(exc).startswith("fuzz.txt")
            continue
        assert isinstance(doc, diglot.Document)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_readers_never_crash_on_any_unicode(text):
    for fmt in (None, "paired", "frontmatter"):
        try:
            diglot.loads(text, "fuzz.txt", format=fmt)
        except InputError:
            pass
