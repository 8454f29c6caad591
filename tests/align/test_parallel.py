"""A long document aligned in two processes (``align_document(..., workers=2)``): the same pairs as in one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from diglot import fanout
from diglot.align import sentences
from diglot.align.sentences import align_document


def _everything(doc) -> list[str]:
    """Every field of every pair, the aligner's confidence included (SentencePair's == leaves it out)."""
    return [repr(pair) for seg in doc.segments for pair in seg.pairs]


@pytest.fixture
def forks(monkeypatch):
    """The item lists fork_map was given (it still forks)."""
    seen: list[list[object]] = []
    real = fanout.fork_map

    def recording(fn, items):
        seen.append(list(items))
        return real(fn, items)

    monkeypatch.setattr(fanout, "fork_map", recording)
    return seen


def test_two_processes_give_the_same_pairs(seed_doc, forks, monkeypatch):
    monkeypatch.setattr(sentences, "PARALLEL_CHARS", 1)  # the seeds are shorter than a long talk
    one = align_document(seed_doc)
    assert forks == []
    two = align_document(seed_doc, workers=2)
    assert len(forks) == 1 and len(forks[0]) == 2  # two runs of segments, one of them in a child
    assert sum(len(run) for run in forks[0]) == len(seed_doc.segments)
    assert _everything(two) == _everything(one) and two == one
    assert [type(p) for seg in two.segments for p in seg.pairs] == [type(p) for seg in one.segments for p in seg.pairs]


def test_runs_are_cut_by_length_and_keep_the_order(frontmatter_doc, forks, monkeypatch):
    monkeypatch.setattr(sentences, "PARALLEL_CHARS", 1)
    three = align_document(frontmatter_doc, workers=3)
    runs = forks[0]
    assert len(runs) == 3 and [seg for run in runs for seg in run] == list(frontmatter_doc.segments)
    sizes = [sum(len(s.source or "") + len(s.target or "") for s in run) for run in runs]
    assert max(sizes) < 0.5 * sum(sizes)  # about a third each, not everything in one
    assert _everything(three) == _everything(align_document(frontmatter_doc))


def test_a_short_document_or_one_worker_does_not_fork(seed_doc, forks):
    align_document(seed_doc, workers=2)  # far below PARALLEL_CHARS
    align_document(seed_doc, workers=1)
    assert forks == []


def test_segments_that_have_pairs_keep_them(paired_doc, forks, monkeypatch):
    monkeypatch.setattr(sentences, "PARALLEL_CHARS", 1)
    aligned = align_document(paired_doc)
    mixed = replace(paired_doc, segments=(aligned.segments[0], *paired_doc.segments[1:]))
    assert _everything(align_document(mixed, workers=2)) == _everything(aligned)
    assert sum(len(run) for run in forks[0]) == len(paired_doc.segments) - 1  # the aligned one is not sent


def test_a_failed_child_is_done_here(frontmatter_doc, monkeypatch):
    monkeypatch.setattr(sentences, "PARALLEL_CHARS", 1)

    def failing(fn, items):
        raise fanout.ChildFailed("worker process ended without a result (signal 9)")

    monkeypatch.setattr(fanout, "fork_map", failing)
    assert _everything(align_document(frontmatter_doc, workers=2)) == _everything(align_document(frontmatter_doc))
