"""Hypothesis strategies for hostile documents in every input family, and the property one input must hold.

Shared by ``tests/hostile/test_fuzz.py`` (a bounded run in CI, a long run with
``pytest -m fuzz``) and ``benchmarks/fuzz.py`` (a timed run that prints inputs a
second). Everything runs in one process: the readers, the segmenter and the
exporters are loaded once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import diglot
import diglot.exporters
from diglot import schema
from diglot.errors import InputError, OutputError

#: text that has broken a reader or writer somewhere, or could
TRAPS = [
    "-->", "<script>alert(1)</script>", "]]>", "&amp;", "&", "&reg", "Sales&registration", "{{c1::x}}", "{{c2::y::hint}}",
    "std::vector<int>", "the <think> token", "<!-- c -->", "[click](javascript:alert(1))", "<span>", "</details>",
    "<details>", "<summary>", "</summary>", "**Ann:**", "#1", "## ", "=1+1", "@here", "+x", "-y", "\t", "\r", "\r\n",
    "\x00", "\x07", "\x1b[31m", "\x85", "\x9b", "\u200b", "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028", "🎉",
    "𠀀", "𪚥", "e\u0301", "\ud800", "\udfff", "未找到意译内容", "../../etc/passwd", "NaN", ".inf", "2025-13-01",
    "*", "**", "_", "`", "\\", "|", '"', "'", ":", "---", "...", "x" * 300, "长" * 200,
]
EN_WORDS = ["We", "trained", "the", "model", "on", "data", "and", "it", "worked", "GPT-4", "PyTorch", "today", "why"]
ZH_WORDS = ["我们", "训练", "了", "模型", "数据", "它", "有效", "今天", "为什么", "的", "，", "。", "、"]


def _mixed(words: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(words), st.sampled_from(TRAPS), st.text(max_size=6))
    return st.lists(piece, min_size=1, max_size=14).map(lambda ps: " ".join(ps) if words is EN_WORDS else "".join(ps))


english = _mixed(EN_WORDS)
chinese = _mixed(ZH_WORDS)


@st.composite
def paired_text(draw: Any) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append("## " + draw(st.sampled_from(["20241216", "2024-02-30", "", "1999"])) + draw(english))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "heading", "en", "zh", "sentinel", "junk"]))
        if kind == "pair":
            parts += [draw(english), draw(chinese)]
        elif kind == "heading":
            parts.append(draw(st.sampled_from(["#", "##", "###", "#1", "####### "])) + " " + draw(english))
        elif kind == "en":
            parts.append(draw(english))
        elif kind == "zh":
            parts.append(draw(chinese))
        elif kind == "sentinel":
            parts.append("未找到意译内容")
        else:
            parts.append(draw(st.text(max_size=30)))
    sep = draw(st.sampled_from(["\n\n", "\n\n\n", "\r\n\r\n", "\n \n"]))
    return sep.join(parts) + "\n"


yaml_scalar = st.one_of(
    st.sampled_from(TRAPS).map(json.dumps),  # a double-quoted YAML string (JSON is YAML): escapes and all
    st.sampled_from(["2025-13-01", "2024-02-30", "2024-02-29", ".nan", ".inf", "-.inf", "~", "null", "yes", "0x1F", "1e400", "[]", "{}"]),
    st.integers(-(10**30), 10**30).map(str),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(json.dumps),
)


@st.composite
def frontmatter_text(draw: Any) -> str:
    keys = ["title", "date", "source", "people", "tags", "summary", "speaker", "guest", "extra", "x"]
    meta = ["---"]
    if draw(st.booleans()):
        meta.append("a: &a [" + ", ".join(draw(st.lists(yaml_scalar, max_size=4))) + "]")
        meta.append(f"{draw(st.sampled_from(keys))}: *a")
    for key in draw(st.lists(st.sampled_from(keys), max_size=6, unique=True)):
        value = draw(yaml_scalar)
        meta.append(f"{key}: [{value}, {draw(yaml_scalar)}]" if key in ("people", "tags") and draw(st.booleans()) else f"{key}: {value}")
    meta += ["---", ""]
    body: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["turn", "turn", "turn", "heading", "broken", "stray"]))
        if kind == "heading":
            body += [draw(st.sampled_from(["## ", "### ", "##"])) + draw(chinese), ""]
        elif kind == "stray":
            body += [draw(st.sampled_from(TRAPS)), ""]
        else:
            label = draw(st.sampled_from(["", "**Ann:** ", "**Bo：** ", "Ann: "]))
            body += [label + draw(chinese), ""]
            summary = draw(st.sampled_from(["<summary>Original</summary>", "<summary>Original", "", "<summary>" + "x" * 5]))
            close = "" if kind == "broken" and draw(st.booleans()) else draw(st.sampled_from(["</details>", "</detials>", "</", "</p>"]))
            body += [f"<details>{summary}", "", draw(english), "", close, ""]
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(meta + body)


def _valid_model() -> dict[str, Any]:
    doc = diglot.Document(segments=(diglot.Segment("seg-0001", "We talk.", "我们说话。"),), title="T")
    return schema.to_dict(doc)


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.sampled_from(TRAPS), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)


@st.composite
def json_text(draw: Any) -> str:
    data = _valid_model()
    body = data["document"]
    segment = body["segments"][0]
    target = draw(st.sampled_from(["doc", "segment", "doc", "segment", "text"]))
    if target == "text":
        segment["source"] = draw(english)
        segment["target"] = draw(chinese)
    else:
        where = body if target == "doc" else segment
        key = draw(st.sampled_from([*where.keys(), "unknown"]))
        where[key] = draw(json_value)
    return json.dumps(data, ensure_ascii=draw(st.booleans()))


any_document = st.one_of(paired_text(), frontmatter_text(), json_text())


def check_one(text: str, file: str = "fuzz.txt") -> str:
    """The fuzz property for one input text (see :func:`check`); returns ``"accepted"`` or ``"refused"``."""
    return check(((file, text),))


def read(files: Sequence[tuple[str, str]] | Sequence[tuple[str, bytes]]) -> diglot.Document:
    """The document diglot reads from *files*: one text (``diglot.loads``), one file's bytes
    (decoded as ``diglot.load`` does), or two subtitle files (``diglot.load_pair``'s merge)."""
    from diglot.readers.subtitle_pair import read_pair
    from diglot.textio import decode

    from diglot.textio import scrub_surrogates

    texts = [(name, decode(data, name) if isinstance(data, bytes) else data) for name, data in files]
    if len(texts) == 1:
        return diglot.loads(texts[0][1], file=texts[0][0])
    # a file never holds a lone surrogate (decoding cannot make one); diglot.loads scrubs a str, read_pair takes file text
    (f1, t1), (f2, t2) = ((name, scrub_surrogates(t)[0]) for name, t in texts)
    return read_pair(t1, f1, t2, f2)


def files_to_json(files: Sequence[tuple[str, str | bytes]]) -> list[list[Any]]:
    """A case's files for a JSON case file: ``[name, text]``, or ``[name, {"hex": ...}]`` for a file's bytes."""
    return [[name, {"hex": data.hex()} if isinstance(data, bytes) else data] for name, data in files]


def files_from_json(files: list[list[Any]]) -> list[tuple[str, Any]]:
    return [(name, bytes.fromhex(data["hex"]) if isinstance(data, dict) else data) for name, data in files]


def _squash(text: str) -> str:
    """Cue text as a round trip must keep it: whitespace and ZERO WIDTH SPACE dropped (line wrapping, SRT's
    harmless ZWSP), braces full-width (the one documented change SRT and ASS make)."""
    return re.sub(r"[\s\u200b]+", "", text).replace("{", "\uff5b").replace("}", "\uff5d")


def _round_trip(name: str, written: list[tuple[int, int, str]], read_back: Any) -> None:
    """The cues *read_back()* finds in the file equal the cues *written* (times, and text as :func:`_squash` keeps it).

    A file without cues is not read back: diglot's cue scanner (since the one-parser merge) calls a
    WebVTT file of only its header and NOTE "not a valid WebVTT file: no cues found".
    """
    if not written:
        return
    back = read_back()
    got = [(c.start_ms, c.end_ms, _squash("".join(line for line, _ in c.lines))) for c in back]
    want = [(s, e, _squash(t)) for s, e, t in written]
    if got != want:
        bad = next((k for k, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        raise AssertionError(f"{name} round trip: cue {bad + 1} of {len(want)} written as "
                             f"{want[bad] if bad < len(want) else None!r}, read back as {got[bad] if bad < len(got) else None!r}")


def check(
    files: Sequence[tuple[str, str]] | Sequence[tuple[str, bytes]], *, ass: bool = True, heavy: bool = False, out: Path | None = None
) -> str:
    """The fuzz property for one input; returns ``"accepted"`` or ``"refused"``.

    On every input: the reader raises nothing but :class:`InputError` (one
    line); a document it accepts round-trips through diglot JSON (equal
    document, valid JSON, no lone surrogate) and renders as SRT, WebVTT, ASS
    and Anki CSV, and each subtitle file read back (diglot's SRT/WebVTT cue scanner, pysubs2 for ASS,
    through ``diglot check``'s readers) gives the cues' times and text.
    ASS builds its cues a second time (times rounded to centiseconds): with
    *ass* off it is skipped. With *heavy*, also EPUB, DOCX and ``.apkg`` are
    written into the folder *out*.
    """
    from diglot.exporters.anki.csv import AnkiCsvExporter, AnkiOptions, card_options, render_csv
    from diglot.exporters.anki.notes import build_deck
    from diglot.exporters.subtitles import qc
    from diglot.exporters.subtitles.ass import AssExporter, ass_cues
    from diglot.exporters.subtitles.srt import SrtExporter
    from diglot.exporters.subtitles.vtt import VttExporter
    from diglot.exporters.subtitles.writing import make_cues, ordered_sides
    from diglot.pipeline import prepare_for

    try:
        doc = read(files)
    except InputError as exc:
        assert len(str(exc).splitlines()) == 1, str(exc)  # one line: no \n, \r, U+2028...
        return "refused"
    dumped = schema.dumps(doc)
    dumped.encode("utf-8")  # no lone surrogate survives a reader
    json.loads(dumped, parse_constant=lambda c: (_ for _ in ()).throw(AssertionError(f"{c} in JSON")))
    assert schema.loads(dumped, file="fuzz.json") == doc
    srt, vtt, csv = SrtExporter(SrtExporter.Options()), VttExporter(VttExporter.Options()), AnkiCsvExporter(AnkiOptions())
    timed_srt, timed_vtt, plain = prepare_for(doc, [srt, vtt, csv])

    def cue_text(cues: list[Any], order: str = "target-first") -> list[tuple[int, int, str]]:
        return [(c.start_ms, c.end_ms, "".join(line for _, side in ordered_sides(c, order) for line in side)) for c in cues]

    text = srt.render(timed_srt)[0]
    _round_trip("SRT", cue_text(make_cues(timed_srt, srt.options)[0]), lambda: qc.read_srt(text, "fuzz.srt"))
    vtt_text = vtt.render(timed_vtt)[0]
    _round_trip("WebVTT", cue_text(make_cues(timed_vtt, vtt.options)[0]), lambda: qc.read_vtt(vtt_text, "fuzz.vtt"))
    render_csv(build_deck(plain, card_options(csv.options))).encode("utf-8")
    if ass:
        ass_exporter = AssExporter(AssExporter.Options())
        (timed_ass,) = prepare_for(doc, [ass_exporter])
        try:
            ass_text = ass_exporter.render(timed_ass)[0]
        except OutputError as exc:  # the one thing ASS cannot hold: times past 9:59:59.99
            assert "9:59:59.99" in str(exc) and "\n" not in str(exc), str(exc)
        else:
            _round_trip("ASS", cue_text(ass_cues(timed_ass, ass_exporter.options)[0]), lambda: qc.read_ass(ass_text, "fuzz.ass"))
    if heavy:
        assert out is not None
        for fmt in HEAVY:
            exporter = diglot.exporters.get(fmt)()
            (prepared,) = prepare_for(doc, [exporter])
            exporter.write(prepared, out / f"fuzz{exporter.extension}")
    return "accepted"


#: the exporters a long run writes every k-th accepted input (their files: zip packages, a SQLite collection)
HEAVY = ("epub", "docx", "apkg")
