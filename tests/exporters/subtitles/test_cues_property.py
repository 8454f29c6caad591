"""Property: for any text, cues keep every character and stay inside the hard limits."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import diglot
from diglot.model import Document, Segment, SentencePair
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.cues import build_cues

_EN_WORD = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789'-", min_size=1, max_size=12),
    st.sampled_from(["the", "a", "and", "of", "Mr.", "3.5x", "-->", "<b>", "&amp;", "🎉", "\u200b", "\u202eRTL", "—"]),
    st.text(alphabet="abcdefghij/.:?=&", min_size=43, max_size=90),  # longer than a line
)
_ZH = st.text(
    alphabet="我们的是了在这一个人有中大为上来说国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感，。！？、：；「」《》（）…— GPT-2Transformer 2014",
    min_size=1,
    max_size=160,
)


@st.composite
def documents(draw):
    segments = []
    for i in range(draw(st.integers(1, 3))):
        pairs = []
        for _ in range(draw(st.integers(1, 3))):
            en = " ".join(draw(st.lists(_EN_WORD, min_size=1, max_size=45)))
            zh = draw(st.one_of(st.none(), _ZH)) if i else draw(_ZH)
            pairs.append(SentencePair(en, zh))
        source = " ".join(p.source for p in pairs)
        target = "".join(p.target or "" for p in pairs) or None
        segments.append(Segment(id=f"s{i}", source=source, target=target, speaker=f"P{i % 2}", pairs=tuple(pairs)))
    return Document(segments=tuple(segments))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_cues_keep_text_and_hard_limits(doc):
    timed = diglot.prepare(doc, {"times"})
    cues = build_cues(timed, speaker_mark="none")
    for seg in doc.segments:
        mine = [c for c in cues if c.segment == seg.id]
        assert squash("".join(l for c in mine for l in c.source_lines)) == squash(seg.source)
        assert squash("".join(l for c in mine for l in c.target_lines)) == squash(seg.target or "")
    report = qc.check(qc.from_cues(cues))
    assert report.count("line-length") == 0 and report.count("lines") == 0, report.issues[:3]
    assert report.count("gap") == 0 and report.count("duration") == 0, report.issues[:3]
