"""DOCX and EPUB zipped once through the libraries' own writer steps; if a python-docx or ebooklib
release drops those steps, the public save path is used and gives the same bytes."""

from __future__ import annotations

import pytest

import diglot
from diglot import exporters
from diglot.pipeline import render

from ..conftest import FRONTMATTER_SEED


def written(name: str, tmp_path, tag: str) -> bytes:
    path = tmp_path / f"{tag}.{name}"
    render(exporters.get(name)(), diglot.load(FRONTMATTER_SEED), path)
    return path.read_bytes()


def test_docx_without_python_docx_writer_steps_is_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fast = written("docx", tmp_path, "fast")
    from diglot.exporters.docx import package

    monkeypatch.setattr(package, "_WRITER_STEPS", (*package._WRITER_STEPS, "_write_gone"))
    assert written("docx", tmp_path, "save") == fast


def test_epub_without_ebooklib_writer_steps_is_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fast = written("epub", tmp_path, "fast")
    from diglot.exporters.epub import package

    monkeypatch.setattr(package, "_WRITER_STEPS", (*package._WRITER_STEPS, "_write_gone"))
    assert written("epub", tmp_path, "write") == fast


@pytest.mark.parametrize("name", ["docx", "epub"])
def test_fast_path_is_taken(name, tmp_path, monkeypatch):
    """The fast path really runs (the fallback would call the library's public save)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    if name == "docx":
        from docx.document import Document as Word

        monkeypatch.setattr(Word, "save", lambda *a, **k: pytest.fail("python-docx save used"))
    else:
        from ebooklib import epub

        monkeypatch.setattr(epub, "write_epub", lambda *a, **k: pytest.fail("write_epub used"))
    assert written(name, tmp_path, "fast")[:2] == b"PK"
