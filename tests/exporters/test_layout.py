"""One layout vocabulary (layout = parallel | interleaved | source | target, plus order) across formats."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import diglot
from diglot.cli import cli
from diglot.errors import OptionError
from diglot.exporters import build_options, get
from diglot.exporters.layout import OLD_LAYOUTS

TALK = Path(__file__).resolve().parents[1] / "timing" / "fixtures" / "talk.txt"

#: format, old spelling, new spelling: the same bytes
RENAMED = [
    ("srt", {"layout": "bilingual"}, {"layout": "parallel"}),
    ("srt", {"layout": "bilingual"}, {"layout": "interleaved"}),
    ("vtt", {"layout": "bilingual", "order": "source-first"}, {"layout": "parallel", "order": "source-first"}),
    ("epub", {"layout": "side-by-side"}, {"layout": "parallel"}),
    ("epub", {"layout": "target-first"}, {"layout": "interleaved", "order": "target-first"}),
    ("docx", {"layout": "table"}, {"layout": "parallel"}),
]


def _digest(doc, fmt: str, path: Path, **options) -> str:
    files = diglot.export(doc, fmt, path, **options)
    return hashlib.sha256(files[0].read_bytes()).hexdigest()


@pytest.mark.parametrize(("fmt", "old", "new"), RENAMED, ids=[f"{f}-{o['layout']}-{n['layout']}" for f, o, n in RENAMED])
def test_old_spellings_give_the_same_bytes_with_a_warning(tmp_path, fmt, old, new, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    doc = diglot.load(TALK)
    ext = get(fmt).extension
    assert _digest(doc, fmt, tmp_path / f"old{ext}", **old) == _digest(doc, fmt, tmp_path / f"new{ext}", **new)
    opts = build_options(get(fmt), old)
    assert opts.layout == OLD_LAYOUTS[old["layout"]][0] and len(opts.warnings) == 1 and repr(old["layout"]) in opts.warnings[0]
    assert build_options(get(fmt), new).warnings == ()


def test_every_format_with_a_layout_speaks_the_same_vocabulary():
    for fmt in ("srt", "vtt", "epub", "docx"):
        choices = {f.name: f.metadata.get("choices") for f in __import__("dataclasses").fields(get(fmt).Options)}
        assert choices["layout"] == ("parallel", "interleaved", "source", "target"), fmt
        if "order" in choices:
            assert set(choices["order"]) == {"source-first", "target-first"}
    with pytest.raises(OptionError, match="not one of parallel, interleaved, source, target"):
        build_options(get("epub"), {"layout": "columns"})


def test_one_layout_option_for_subtitles_and_books(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(TALK), "--to", "srt,epub,docx", "-O", "layout=interleaved", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".epub", ".srt"]
    old = CliRunner().invoke(cli, ["export", str(TALK), "--to", "epub", "-O", "layout=target-first", "-o", str(tmp_path / "old")])
    assert old.exit_code == 0 and "is now 'layout=interleaved order=target-first'" in old.output
