"""The DOCX set-up's style index answers as python-docx's own style lookups do."""

from __future__ import annotations

import pytest

docx = pytest.importorskip("docx")

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402

from diglot.exporters.docx.ooxml import StyleIndex  # noqa: E402


def test_lookups_are_python_docx_lookups():
    document = docx.Document()
    styles = document.styles
    index = StyleIndex(styles)
    names = [s.name for s in styles]
    assert len(names) > 100
    for name in [*names, "Heading 1", "heading 1", "Caption", "TOC Heading"]:
        assert index[name].element is styles[name].element, name
    with pytest.raises(KeyError):
        index["No Such Style"]


def test_add_and_rename_keep_it_exact():
    document = docx.Document()
    styles = document.styles
    index = StyleIndex(styles)
    for taken in ("Normal", "Heading 1", "heading 1", "Title"):
        with pytest.raises(ValueError):
            styles.add_style(taken, WD_STYLE_TYPE.PARAGRAPH)
        with pytest.raises(ValueError):
            index.add(taken, WD_STYLE_TYPE.PARAGRAPH)
    added = index.add("Source Text", WD_STYLE_TYPE.PARAGRAPH)
    assert added.element is styles["Source Text"].element and added.style_id == "SourceText"
    with pytest.raises(ValueError):
        index.add("Source Text", WD_STYLE_TYPE.CHARACTER)
    toc = index.add("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    index.rename(toc, "toc 1")
    assert index["toc 1"].element is styles["toc 1"].element is toc.element
    with pytest.raises(KeyError):
        styles["TOC 1"]
    with pytest.raises(KeyError):
        index["TOC 1"]
    again = index.add("TOC 1", WD_STYLE_TYPE.PARAGRAPH)  # the name is free again, as python-docx sees it
    assert index["TOC 1"].element is styles["TOC 1"].element is again.element
    index.rename(again, "Normal")  # a later style renamed to a taken name: the first one still answers
    assert index["Normal"].element is styles["Normal"].element is not again.element
