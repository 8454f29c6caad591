"""The pairing audit: what looks wrong in a translation someone already made.

:func:`audit_document` checks every segment of a :class:`~diglot.model.Document`
against its own translation and the document as a whole, and returns an
:class:`AuditReport` of :class:`Finding` items. Kinds and severities:

==================== ======== ===================================================
``wrong-language``   error    a paragraph of the Chinese field is English, or of the English field Chinese
``shifted``          error    from some segment on, the Chinese matches a neighbour's English better
                              than its own (or two turns swapped); the range is reported
``mixed-language``   warning  a sentence in the other language inside a field
``length-ratio``     warning  Chinese/English length ratio far from the document's own
``number``           warning  a number written in digits on one side only
``name``             warning  a Latin name or acronym on one side only
``question``         warning  a question on one side, none on the other
``term``             warning  a glossary term's English appears but the Chinese lacks the term
``untranslated``     info     the segment has no translation (or no original)
==================== ======== ===================================================

Errors mean the pairing itself is wrong (``diglot check`` exits 1); warnings
are worth a look; info states a fact the exporters already handle.

The evidence is the sentence aligner's (:mod:`diglot.align.sentences`): its
bead cost for the shift search and the length test, its anchors for names.
The document's ratio is its own: the median of the segments' log length
ratios, with the median absolute deviation as the spread.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..lang.script import HAN_CHARS, dominant_script, han_count, latin_count
from ..lang.sentences import split_chinese, split_english, split_paragraphs
from ..model import Document, Segment
from .numbers import source_numbers, target_numbers
from .scoring import DEFAULT_PARAMS, AlignParams, is_question, target_length
from .shifts import find_shifted_runs, pairing_costs

__all__ = ["Finding", "AuditReport", "SEVERITY", "audit_document", "format_report", "report_to_dict"]

ERROR, WARNING, INFO = "error", "warning", "info"

#: severity of each finding kind
SEVERITY: dict[str, str] = {
    "wrong-language": ERROR,
    "shifted": ERROR,
    "mixed-language": WARNING,
    "length-ratio": WARNING,
    "number": WARNING,
    "name": WARNING,
    "question": WARNING,
    "term": WARNING,
    "untranslated": INFO,
}

#: robust z-score (0.6745·(x − median)/MAD) beyond which a length ratio is far from the document's
RATIO_Z = 3.5
#: ... and the aligner's length deviation (standard deviations) it must also exceed, so a
#: short segment's noisy ratio is not flagged
LENGTH_SIGMA = 3.0
#: a sentence counts as the other language only with at least this many letters of it
MIXED_MIN_LETTERS = 12
#: ... and, English inside Chinese, this many words (``Oriel Vinyals`` is a name, not a sentence)
MIXED_MIN_WORDS = 4

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'.][A-Za-z0-9]+)*")
_TAG_QUESTION = re.compile(r"(?i)^\W*(?:right|okay|ok|you know|huh|no|yes|yeah|isn't it|don't you think)\W*$")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:'’!?\"-]*")
_HAN_RUN = re.compile(f"[{HAN_CHARS}][{HAN_CHARS}，、。？！；：“”]*")
_GLOSS = re.compile(r"（[^（）]*）|\([^()]*\)")
_ZH_QUESTION = re.compile(r"[？?吗呢]")
_TERM_SPLIT = re.compile(r"\s*[(),（）;；/]\s*|\s+or\s+")
#: glossary English that is not a term (pronoun glosses and the like)
_NOT_TERMS = frozenset("it this that they them he she we you i a an the one thing".split())


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the audit found, about one segment or a run of them.

    ``segment``/``line`` locate the (first) segment; ``last_segment``/``last_line``
    end a range (shifted runs). ``evidence`` holds the numbers behind it.
    """

    segment: str
    line: int | None
    kind: str
    message: str
    evidence: dict[str, float] = field(default_factory=dict, hash=False)
    last_segment: str | None = None
    last_line: int | None = None

    @property
    def severity(self) -> str:
        return SEVERITY[self.kind]


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The audit of one document: its findings in segment order, and the document's own norms."""

    file: str | None
    segments: int
    findings: tuple[Finding, ...]
    #: the document's Chinese characters per English character (median over segments)
    ratio: float | None = None
    #: median absolute deviation of the segments' log ratios
    ratio_spread: float | None = None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def ok(self) -> bool:
        """True when nothing of error severity was found."""
        return self.errors == 0

    def summary(self) -> str:
        return (
            f"pairing audit: {self.segments} segments, {self.errors} errors, "
            f"{self.count(WARNING)} warnings, {self.count(INFO)} info"
        )


def audit_document(doc: Document, params: AlignParams = DEFAULT_PARAMS) -> AuditReport:
    """Audit the pairing of every segment of *doc*. Never raises on odd text."""
    paired = [s for s in doc.segments if s.source and s.target]
    logs = [_log_ratio(s.source or "", s.target or "") for s in paired]
    logs_known = [x for x in logs if x is not None]
    median = statistics.median(logs_known) if logs_known else None
    mad = statistics.median(abs(x - median) for x in logs_known) if median is not None else None
    ratio = math.exp(median) if median is not None else params.default_ratio

    per_segment: dict[str, list[Finding]] = {s.id: [] for s in doc.segments}
    for seg in doc.segments:
        per_segment[seg.id].extend(_segment_findings(seg, ratio, median, mad, params))
    for finding in _term_findings(doc):
        per_segment[finding.segment].append(finding)
    for finding in _shift_findings(paired, ratio, params):
        per_segment[finding.segment].insert(0, finding)
    findings = tuple(f for seg in doc.segments for f in per_segment[seg.id])
    return AuditReport(
        file=doc.source_file,
        segments=len(doc.segments),
        findings=findings,
        ratio=round(ratio, 4),
        ratio_spread=round(mad, 4) if mad is not None else None,
    )


# --- per segment -------------------------------------------------------------


def _line(seg: Segment) -> int | None:
    return seg.origin.first_line if seg.origin else None


def _log_ratio(source: str, target: str) -> float | None:
    en, zh = len(source.strip()), target_length(target)
    return math.log(zh / en) if en and zh else None


def _segment_findings(
    seg: Segment, ratio: float, median: float | None, mad: float | None, params: AlignParams
) -> Iterable[Finding]:
    line = _line(seg)

    def found(kind: str, message: str, **evidence: float) -> Finding:
        return Finding(seg.id, line, kind, message, {k: round(v, 3) for k, v in evidence.items()})

    if seg.target is None and seg.source is not None:
        yield found("untranslated", "no translation")
    elif seg.source is None and seg.target is not None:
        yield found("untranslated", "no English original")
    language = []
    if seg.target:
        language += _language_findings(_without_glosses(seg.target), "latin", found)
    if seg.source:
        language += _language_findings(seg.source, "han", found)
    yield from language
    # a field in the wrong language makes the pair checks below meaningless
    if not (seg.source and seg.target) or any(f.kind == "wrong-language" for f in language):
        return
    source, target = seg.source, seg.target
    bare = _without_glosses(target)

    x = _log_ratio(source, bare)
    if x is not None and median is not None and mad:
        z = 0.6745 * (x - median) / mad
        en, zh = len(source.strip()), target_length(bare)
        sigma = (zh / ratio - en) / math.sqrt(max((en + zh / ratio) / 2, 1.0) * params.variance)
        if abs(z) > RATIO_Z and abs(sigma) > LENGTH_SIGMA:
            side = "longer" if z > 0 else "shorter"
            yield found(
                "length-ratio",
                f"the Chinese is {side} than this document's translations usually are "
                f"({zh} Chinese chars for {en} English, ratio {zh / en:.2f} against {math.exp(median):.2f})",
                ratio=zh / en,
                document_ratio=math.exp(median),
                robust_z=z,
                length_sigma=sigma,
            )

    en_numbers, en_values = source_numbers(source)
    zh_numbers, zh_values = target_numbers(target)
    only_en = sorted(n for n, v in en_numbers.items() if v not in zh_values)
    only_zh = sorted(n for n, v in zh_numbers.items() if v not in en_values)
    yield from _one_sided(found, "number", "numbers", only_en, only_zh)

    en_words = {w.lower() for w in _LATIN_TOKEN.findall(source)}
    en_lower = source.lower()
    zh_names = _names(bare)
    zh_lower = target.lower()
    # words of an English sentence inside the Chinese (reported above) are not names
    only_zh_names = (
        [] if language else sorted(n for n in zh_names if n.lower() not in en_words and n.lower() not in en_lower)
    )
    only_en_names = sorted(n for n in _acronyms(source) if n.lower() not in zh_lower)
    yield from _one_sided(found, "name", "Latin names", only_en_names, only_zh_names)

    if _asks(split_english(source)) and not _ZH_QUESTION.search(target):
        yield found("question", "the English is a question; the Chinese has no ？, 吗 or 呢")
    elif _asks(split_chinese(target)) and "?" not in source:
        yield found("question", "the Chinese is a question; the English has no ?")


def _one_sided(found: Any, kind: str, what: str, only_en: list[str], only_zh: list[str]) -> list[Finding]:
    """One finding listing the items found in the English only and in the Chinese only, if any."""
    parts = [
        f"{side} only: {', '.join(items)}" for side, items in (("English", only_en), ("Chinese", only_zh)) if items
    ]
    if not parts:
        return []
    message = f"{what} on one side only ({'; '.join(parts)})"
    return [found(kind, message, english_only=len(only_en), chinese_only=len(only_zh))]


def _language_findings(text: str, wrong: str, found: Any) -> list[Finding]:
    """Paragraphs (errors) or sentences (warnings) of *text* written mostly in script *wrong*.

    Only pieces with at least :data:`MIXED_MIN_LETTERS` letters of the wrong
    script count: a Chinese field that is just ``GPT-4`` or ``OK`` is kept English, not a mistake.
    """
    field_name = "Chinese" if wrong == "latin" else "English"
    other = "English" if wrong == "latin" else "Chinese"

    def wrong_enough(piece: str) -> bool:
        # a Han character carries about three letters' worth (see lang.script)
        letters = latin_count(piece) if wrong == "latin" else 3 * han_count(piece)
        return dominant_script(piece) == wrong and letters >= MIXED_MIN_LETTERS

    paragraphs = split_paragraphs(text)
    bad = [p for p in paragraphs if wrong_enough(p)]
    if bad:
        where = "the whole field" if len(bad) == len(paragraphs) else f"{len(bad)} of {len(paragraphs)} paragraphs"
        message = f"{other} text in the {field_name} field ({where}): {_quote(bad[0])}"
        return [found("wrong-language", message, paragraphs=len(bad))]
    # runs of the other script, not sentences: a glued "...badly.他们" is no sentence boundary for the splitter
    runs = _LATIN_RUN if wrong == "latin" else _HAN_RUN
    for m in runs.finditer(text):
        piece = m.group(0).strip()
        if wrong_enough(piece) and (wrong == "han" or len(piece.split()) >= MIXED_MIN_WORDS):
            return [found("mixed-language", f"a sentence in {other} inside the {field_name} field: {_quote(piece)}")]
    return []


def _asks(sentences: list[str]) -> bool:
    """True when a text is a question: its last sentence asks (tags such as "right?" aside), or most do."""
    asking = [is_question(s) and not _TAG_QUESTION.match(s) for s in sentences]
    return bool(sentences) and (asking[-1] or sum(asking) * 2 > len(sentences))


def _without_glosses(target: str) -> str:
    """A Chinese text less parenthesised glosses in Latin script (``SSI（Safe Superintelligence Inc.）``)."""
    return _GLOSS.sub(lambda m: "" if dominant_script(m.group(0)) != "han" else m.group(0), target)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _names(target: str) -> set[str]:
    """Latin words of a Chinese text: names, acronyms, kept English (``GPT-2``, ``Oriel``)."""
    return {w for w in _LATIN_TOKEN.findall(target) if len(w) >= 2 or w.isupper()}


def _acronyms(source: str) -> set[str]:
    """Tokens of an English text a Chinese translation keeps as written: names with digits (``GPT-2``, ``o1``)."""
    # plain acronyms (RL, GPUs) are often translated (强化学习, 显卡): only names with digits count
    return {w for w in _LATIN_TOKEN.findall(source) if any(ch.isdigit() for ch in w) and any(ch.isalpha() for ch in w)}


# --- glossary ----------------------------------------------------------------


def _term_variants(english: str) -> list[str]:
    variants = [english.strip().strip("\"'“”")] + [p.strip().strip("\"'“”") for p in _TERM_SPLIT.split(english)]
    out = []
    for v in variants:
        if v and v.lower() not in _NOT_TERMS and len(v) >= 2 and v not in out:
            out.append(v)
    return out


def _term_findings(doc: Document) -> Iterable[Finding]:
    """Segments whose English uses a glossary term but whose Chinese has neither the term nor its English."""
    for term in doc.terms:
        if not term.source or not term.target:
            continue
        variants = _term_variants(term.source)
        if not variants:
            continue
        pattern = re.compile(
            r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(v) for v in variants) + r")(?![A-Za-z0-9])", re.IGNORECASE
        )
        for seg in doc.segments:
            if not (seg.source and seg.target) or seg.id == term.segment:
                continue
            m = pattern.search(seg.source)
            if not m:
                continue
            zh = seg.target.lower()
            if term.target.lower() in zh or any(v.lower() in zh for v in variants):
                continue
            yield Finding(
                seg.id,
                _line(seg),
                "term",
                f"glossary term {term.source!r} = {term.target!r}: the English says {m.group(0)!r}, the Chinese has neither",
            )


# --- shifted runs ------------------------------------------------------------


def _shift_findings(paired: list[Segment], ratio: float, params: AlignParams) -> Iterable[Finding]:
    costs = pairing_costs([s.source or "" for s in paired], [s.target or "" for s in paired], ratio, params)
    for run in find_shifted_runs(costs):
        first, last = paired[run.first], paired[run.last]
        if run.offset == 0:
            what = f"{first.id} and {last.id} look swapped: each Chinese matches the other's English"
        else:
            which = "next" if run.offset > 0 else "previous"
            what = (
                f"pairing looks shifted from {first.id} to {last.id}: {run.better} of {run.turns} Chinese turns "
                f"match the {which} segment's English better than their own"
            )
        yield Finding(
            first.id,
            _line(first),
            "shifted",
            f"{what} (the aligner's cost is {run.gain:.1f} nats lower that way)",
            {"offset": run.offset, "gain": round(run.gain, 3), "turns": run.turns, "better": run.better},
            last_segment=last.id,
            last_line=last.origin.last_line if last.origin else None,
        )


# --- output ------------------------------------------------------------------


def format_finding(finding: Finding, file: str | None = None) -> str:
    """One line: ``file:line: severity: kind: seg-0012: message`` (a range as ``line-last``)."""
    where = file or ""
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.last_line is not None and finding.last_segment:
            where += f"-{finding.last_line}"
    prefix = f"{where}: " if where else ""
    return f"{prefix}{finding.severity}: {finding.kind}: {finding.segment}: {finding.message}"


def format_report(report: AuditReport, file: str | None = None, *, summary_only: bool = False) -> str:
    """The report as text: one finding a line, then a summary line (``file: pairing audit: ...``)."""
    name = file or report.file
    lines = [] if summary_only else [format_finding(f, name) for f in report.findings]
    lines.append(f"{name}: {report.summary()}" if name else report.summary())
    return "\n".join(lines)


def report_to_dict(report: AuditReport, file: str | None = None) -> dict[str, Any]:
    """The report as a JSON-ready dict (what ``diglot check --json`` prints per file)."""
    return {
        "file": file or report.file,
        "kind": "transcript",
        "segments": report.segments,
        "ratio": report.ratio,
        "ratio_spread": report.ratio_spread,
        "counts": {s: report.count(s) for s in (ERROR, WARNING, INFO)},
        "findings": [
            {
                "segment": f.segment,
                "line": f.line,
                "last_segment": f.last_segment,
                "last_line": f.last_line,
                "kind": f.kind,
                "severity": f.severity,
                "message": f.message,
                "evidence": dict(f.evidence),
            }
            for f in report.findings
        ],
    }
