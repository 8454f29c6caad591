"""WordprocessingML written as text and parsed once: the fast path of the handout's body.

python-docx builds a document element by element (each ``add_run``,
``add_row`` and property setter creates, looks up and reorders elements in
Python), and appending a row to a table scans every row before it, so a
3-hour talk spent seconds there. The builder writes runs, paragraphs and
table rows as WordprocessingML strings instead, exactly the elements
python-docx would make (same children, same order, same attributes), and
:func:`append_xml` parses them in one go into the python-docx tree, which
python-docx then saves as before: the same bytes, several times faster.

Every string here is built from text already cleaned of what XML cannot
carry (:func:`diglot.content.xmltext.clean_document`) and escaped with
:func:`~diglot.content.xmltext.xml_escape`.
"""

from __future__ import annotations

import re
from typing import Any

from ...content.xmltext import xml_escape
from .ooxml import _W

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OPEN = f'<w:x xmlns:w="{_W}" xmlns:r="{R_NS}">'

#: what python-docx's run text setter turns into elements of their own
_SPECIAL = re.compile(r"([\t\r\n])")

_parser: Any = None


def _xml_parser() -> Any:
    """An lxml parser making python-docx's element classes (without python-docx's ``remove_blank_text``)."""
    global _parser
    if _parser is None:
        from docx.oxml.parser import element_class_lookup
        from lxml import etree

        _parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
        _parser.set_element_class_lookup(element_class_lookup)
    return _parser


def parse_fragment(xml: str) -> list[Any]:
    """The elements of the WordprocessingML fragment *xml* (any number of sibling elements)."""
    from lxml import etree

    return list(etree.fromstring(f"{_OPEN}{xml}</w:x>", _xml_parser()))


def append_xml(parent: Any, xml: str) -> None:
    """Append the elements of *xml* to *parent* (namespace declarations fold into the document's)."""
    if xml:
        parent.extend(parse_fragment(xml))


def insert_xml_before(sibling: Any, xml: str) -> None:
    """Insert the elements of *xml* just before *sibling* (a body's ``w:sectPr``)."""
    if not xml:
        return
    parent = sibling.getparent()
    at = parent.index(sibling)
    parent[at:at] = parse_fragment(xml)


def attr(value: str) -> str:
    return xml_escape(value, quote=True)


def text_xml(text: str) -> str:
    """``w:t`` of *text* as python-docx writes it (``xml:space="preserve"`` when it has outer whitespace)."""
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{xml_escape(text)}</w:t>'
    return f"<w:t>{xml_escape(text)}</w:t>"


def run_content(text: str) -> str:
    """The content of a run holding *text*: tabs as ``w:tab``, line ends as ``w:br`` (python-docx's rule)."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return text_xml(text)
    out = []
    for piece in _SPECIAL.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(text_xml(piece))
    return "".join(out)


def run_xml(text: str, rpr: str = "") -> str:
    """A ``w:r`` of *text* with run properties *rpr* (the children of ``w:rPr``, in schema order)."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f"<w:r>{props}{run_content(text)}</w:r>"


class Para:
    """A paragraph being written: its style id, the two properties the layouts set, and its content."""

    __slots__ = ("style", "keep_next", "after", "parts")

    def __init__(self, style: str | None = None) -> None:
        self.style = style
        self.keep_next = False
        #: space after in twips (None: the style's)
        self.after: int | None = None
        self.parts: list[str] = []

    def xml(self) -> str:
        ppr = ""
        if self.style is not None:
            ppr += f'<w:pStyle w:val="{attr(self.style)}"/>'
        if self.keep_next:
            ppr += "<w:keepNext/>"
        if self.after is not None:
            ppr += f'<w:spacing w:after="{self.after}"/>'
        body = "".join(self.parts)
        if ppr:
            return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>"
        return f"<w:p>{body}</w:p>" if body else "<w:p/>"


def paras_xml(paras: list[Para]) -> str:
    return "".join(p.xml() for p in paras)
