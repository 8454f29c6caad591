"""OOXML helpers for the DOCX handout: WordprocessingML elements in schema order, fields, fonts, languages.

python-docx covers paragraphs and tables; these fill in what Word needs beyond
it (child order of property elements, complex fields, East Asian fonts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Child order of the property elements we touch (Word rejects out-of-order children).
_RPR_SEQ = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip
_PPR_SEQ = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip
_TBLPR_SEQ = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription",
)  # fmt: skip
_TRPR_SEQ = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden")  # fmt: skip
_TCPR_SEQ = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark")  # fmt: skip
_SETTINGS_SEQ = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime", "doNotDisplayPageBoundaries",
    "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
    "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
    "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
    "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
    "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving",
    "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults",
    "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)  # fmt: skip




def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(_qn("w:" + key), value)
    return el


def _put(parent: Any, child: Any, seq: Sequence[str]) -> Any:
    """Insert *child* into *parent* in schema order, replacing a same-named child."""
    local = child.tag.rsplit("}", 1)[-1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = set(seq[seq.index(local) + 1 :]) if local in seq else set()
    for i, existing in enumerate(parent):
        if existing.tag.rsplit("}", 1)[-1] in later:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _set_fonts(rpr: Any, latin: str, cjk: str, hint: bool = False) -> None:
    fonts = _el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=cjk, cs=latin)
    if hint:
        # ambiguous characters (curly quotes, dashes) take the Chinese font in Chinese text
        fonts.set(_qn("w:hint"), "eastAsia")
    _put(rpr, fonts, _RPR_SEQ)


def _set_lang(rpr: Any, val: str, east_asia: str) -> None:
    _put(rpr, _el("w:lang", val=val, eastAsia=east_asia), _RPR_SEQ)


def _field_start(instr: str, dirty: bool = False) -> list[Any]:
    """The runs opening a complex field: begin, field code, separate (its result and :func:`_field_end` follow)."""
    begin = _el("w:r")
    char = _el("w:fldChar", fldCharType="begin")
    if dirty:
        char.set(_qn("w:dirty"), "true")
    begin.append(char)
    code = _el("w:r")
    text = _el("w:instrText")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = f" {instr} "
    code.append(text)
    sep = _el("w:r")
    sep.append(_el("w:fldChar", fldCharType="separate"))
    return [begin, code, sep]


def _field_end() -> Any:
    end = _el("w:r")
    end.append(_el("w:fldChar", fldCharType="end"))
    return end


def _field(paragraph: Any, instr: str, placeholder: str) -> None:
    """Append a complex field (PAGE, NUMPAGES...) to *paragraph*: begin, code, separate, result, end."""
    shown = _el("w:r")
    t = _el("w:t")
    t.text = placeholder
    shown.append(t)
    for r in (*_field_start(instr), shown, _field_end()):
        paragraph._p.append(r)


class StyleIndex:
    """A document's styles by name, read once, for the styles set-up: what python-docx's ``styles[name]``
    and ``styles.add_style`` give, without an XPath over every style per lookup and a scan of every
    style's name before each added style (about a third of a handout's set-up).

    Exact while every change of a style name goes through :meth:`add` and :meth:`rename`: like
    python-docx, a name maps to the first style (in document order) that has it.
    """

    def __init__(self, styles: Any) -> None:  # docx.styles.styles.Styles
        self._styles = styles
        self._by_name: dict[str, Any] = {}
        for element in styles.element.style_lst:
            name = element.name_val
            if name is not None:
                self._by_name.setdefault(name, element)

    @staticmethod
    def _internal(name: str) -> str:
        from docx.styles import BabelFish

        return BabelFish.ui2internal(name)

    def __getitem__(self, name: str) -> Any:
        from docx.styles.style import StyleFactory

        element = self._by_name.get(self._internal(name))
        if element is None:  # python-docx's own answer: a deprecated lookup by id, or KeyError
            return self._styles[name]
        return StyleFactory(element)

    def add(self, name: str, style_type: Any) -> Any:
        """``styles.add_style(name, style_type)``: a new custom style, ValueError if the name is taken."""
        from docx.styles.style import StyleFactory

        internal = self._internal(name)
        if self._internal(internal) in self._by_name:  # python-docx checks the internal name's internal name
            raise ValueError(f"document already contains style '{name}'")
        element = self._styles.element.add_style_of_type(internal, style_type, False)
        self._by_name.setdefault(internal, element)  # appended: after every style already named so
        return StyleFactory(element)

    def rename(self, style: Any, name: str) -> None:
        """Give *style* the ``w:name`` *name* as written (no UI-name translation)."""
        element = style.element
        old = element.name_val
        element.find(_qn("w:name")).set(_qn("w:val"), name)
        if old is not None and self._by_name.get(old) is element:
            del self._by_name[old]
            later = next((e for e in self._styles.element.style_lst if e.name_val == old), None)
            if later is not None:
                self._by_name[old] = later
        first = self._by_name.get(name)
        if first is None or _before(element, first):
            self._by_name[name] = element


def _before(a: Any, b: Any) -> bool:
    """Whether sibling element *a* comes before *b*."""
    parent = a.getparent()
    return parent.index(a) < parent.index(b)
