"""One document's formats on several cores (diglot.fanout): same bytes, exporters that share work together."""

from __future__ import annotations

import os
import pickle
import signal

import pytest

from diglot import exporters, memo
from diglot.exporters.subtitles.writing import LendsCues
from diglot.fanout import ChildFailed, Loan, can_fork, fork_map, plan_loan, share_out

from .conftest import FRONTMATTER_SEED
from .test_batch import export, tree

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork")


def instances(names: str) -> list:
    return [exporters.get(n)() for n in names.split(",")]


def test_formats_that_share_work_stay_together():
    todo = instances("json,srt,vtt,ass,epub,docx,anki,apkg")
    shares = share_out(todo, 2)
    names = [[todo[i].name for i in share] for share in shares]
    assert len(shares) == 2 and sorted(i for s in shares for i in s) == list(range(8))
    together = [{"srt", "vtt", "ass"}, {"anki", "apkg"}]
    for group in together:
        assert any(group <= set(share) for share in names), (group, names)
    assert share_out(todo, 1) == [list(range(8))]
    assert len(share_out(instances("srt,vtt"), 4)) == 1  # one family: nothing to share out


def test_shares_are_balanced_by_cost_not_by_count():
    # the subtitle formats share one cue build, the longest work of --to all: on two cores they
    # get a process of their own, the five other formats (lighter together) the other one
    todo = instances("anki,apkg,ass,docx,epub,json,srt,vtt")
    names = [[todo[i].name for i in share] for share in share_out(todo, 2)]
    assert names == [["ass", "srt", "vtt"], ["anki", "apkg", "docx", "epub", "json"]]


def test_fork_map_runs_items_in_other_processes_in_order():
    pids = fork_map(lambda n: (n, os.getpid()), [0, 1, 2])
    assert [n for n, _ in pids] == [0, 1, 2]
    assert pids[0][1] == os.getpid() and len({pid for _, pid in pids}) == 3


def test_a_child_that_fails_or_dies_is_reported():
    def boom(n: int) -> int:
        if n:
            raise ValueError("bad share")
        return n

    with pytest.raises(ChildFailed, match="ValueError: bad share"):
        fork_map(boom, [0, 1])

    def die(n: int) -> int:
        if n:
            os.kill(os.getpid(), signal.SIGKILL)
        return n

    with pytest.raises(ChildFailed, match="signal 9"):
        fork_map(die, [0, 1])


def test_lent_work_comes_back_from_the_child_before_the_first_share_runs():
    parent = os.getpid()
    seen: list = []
    loan = Loan(2, lambda: seen.append(("here", os.getpid())), lambda: os.getpid(), lambda pid: seen.append(("back", pid)))
    results = fork_map(lambda n: (n, list(seen), os.getpid()), [0, 1, 2], loan)
    assert results[0] == (0, [("here", parent), ("back", results[2][2])], parent)  # the third item's child did it
    assert [n for n, _, _ in results] == [0, 1, 2] and results[2][2] != parent


def test_lent_work_lost_with_its_child_is_never_waited_for():
    def dies(*_: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    for there, share in ((dies, lambda n: n), (lambda: 1 // 0, lambda n: n)):
        backs: list = []
        loan = Loan(1, lambda: None, there, backs.append)
        if there is dies:  # dead before sending: nothing taken in, the death reported (no hang)
            with pytest.raises(ChildFailed, match="signal 9"):
                fork_map(share, [0, 1], loan)
        else:  # the lent work failed: the child still renders its own share
            assert fork_map(share, [0, 1], loan) == [0, 1]
        assert backs == []



def test_a_child_cut_short_in_its_lent_work_does_not_exit_0():
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(ChildFailed, match="without a result \\(exit 1\\)"):
        fork_map(lambda n: n, [0, 1], Loan(1, lambda: None, interrupted, lambda _: None))


def test_no_pipe_is_left_open_when_no_process_can_be_forked(monkeypatch):
    def no_fork() -> int:
        raise OSError("Resource temporarily unavailable")

    opened = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(OSError):
        fork_map(lambda n: n, [0, 1, 2], Loan(1, lambda: None, lambda: 1, lambda _: None))
    assert len(os.listdir("/proc/self/fd")) == opened

def test_the_cut_balances_the_shares_by_cost():
    todo = instances("anki,apkg,ass,docx,epub,json,srt,vtt")
    shares = share_out(todo, 2)
    lender, borrower, cut = plan_loan(todo, shares)
    assert todo[lender].name == "ass" and borrower == 1  # the first subtitle format builds the cues
    from diglot.fanout import SHARED, _cost

    work = SHARED["subtitles"]
    moved = (1 - cut) * work
    assert 0 < cut < 1
    assert _cost(todo, shares[0]) - moved == pytest.approx(_cost(todo, shares[1]) + moved)
    assert plan_loan(instances("srt,vtt,ass"), [[0, 1, 2]]) is None  # one share: nothing to lend
    # the other share far lighter: half the cues each (the subtitle share cannot render before it has them all)
    light = instances("srt,vtt,ass,epub")
    assert plan_loan(light, share_out(light, 2))[2] == 0.5
    assert plan_loan(instances("json,docx"), share_out(instances("json,docx"), 2)) is None  # nothing lendable


def _ass(doc, speaker: str):
    from diglot.pipeline import prepare_for

    exporter = exporters.get("ass")(exporters.build_options(exporters.get("ass"), {"speaker": speaker}))
    return exporter, prepare_for(doc, [exporter])[0]


@pytest.mark.parametrize("speaker", ["dash", "name"])
def test_cues_built_in_two_processes_are_the_cues_of_one_build(frontmatter_doc, speaker):
    from diglot.exporters.subtitles.ass import ass_cues
    from diglot.exporters.subtitles.writing import segments_in_part

    exporter, doc = _ass(frontmatter_doc, speaker)
    memo.clear()
    whole = ass_cues(doc, exporter.options)[0]
    speakers = [s.speaker for s in doc.segments]
    for cut in (0.0, 0.31, 0.5, 0.77, 1.0):
        memo.clear()
        taken: list = []

        def back(built: dict) -> None:
            taken.append(built)
            exporter.absorb(doc, built)

        loan = Loan(1, lambda: exporter.prebuild(doc, (0.0, cut)), lambda: exporter.prebuild(doc, (cut, 1.0)), back)
        fork_map(lambda n: n, [0, 1], loan)
        there = segments_in_part(doc, (cut, 1.0))
        assert sorted({k for k, _ in taken[0]}) == sorted(k for k in there if doc.segments[k].pairs)
        assert ass_cues(doc, exporter.options)[0] == whole, cut
        kept = memo._entries  # the child's pairs were used as they came, not built again here
        pairs = next(v for (_, key), (_, v) in kept.items() if key[0] == "pair cues")
        assert all(pairs[key] is value for key, value in taken[0].items())
    # cuts where a turn goes on (no mark) and where another speaker's turn starts (a mark)
    cuts = [k for k in range(1, len(speakers)) if speakers[k] and speakers[k - 1]]
    turns = [k for k in cuts if speakers[k] != speakers[k - 1]][:2] + [k for k in cuts if speakers[k] == speakers[k - 1]][:2]
    assert len(turns) == 4
    from diglot.exporters.subtitles.cues import pair_cues

    layout, style = "bilingual", exporter.cue_options().style()
    for k in turns:
        memo.clear()
        built = {key: v for key, v in pair_cues(doc, style, layout=layout, speaker_mark=speaker, segments=range(k, len(speakers))).items()}
        memo.clear()
        exporter.absorb(doc, pickle.loads(pickle.dumps(built)))
        assert ass_cues(doc, exporter.options)[0] == whole, k


def test_parts_cut_by_text_keep_repeated_segments_together(frontmatter_doc):
    from dataclasses import replace

    from diglot.exporters.subtitles.writing import segments_in_part

    doc = _ass(frontmatter_doc, "dash")[1]
    n = len(doc.segments)
    head = segments_in_part(doc, (0.0, 0.4))
    out = min(frozenset(range(n)) - head)  # a run from the start, and the repeats of its segments (seed 002 says "Yes." twice)

    def text(k: int) -> tuple:
        return tuple((p.source, p.target) for p in doc.segments[k].pairs)

    assert 0 < out < n and set(range(out)) <= head and {text(k) for k in head} == {text(k) for k in range(out)}
    assert head | segments_in_part(doc, (0.4, 1.0)) == frozenset(range(n)) and not head & segments_in_part(doc, (0.4, 1.0))
    twice = replace(doc, segments=doc.segments * 2)  # the body twice, as the 3-hour talk is five times
    head2, tail2 = segments_in_part(twice, (0.0, 0.4)), segments_in_part(twice, (0.4, 1.0))
    assert head2 == head | {k + n for k in head} and tail2 == frozenset(range(2 * n)) - head2


@pytest.fixture(scope="module")
def talk_one_process(tmp_path_factory):
    """Seed 002 to every format in one process (--jobs 1): the bytes the forked runs must give."""
    root = tmp_path_factory.mktemp("one")
    src = _talk(root)
    result = export(str(src), "--to", "all", "-O", "epub.pinyin=false", "-o", str(root / "out"), "--jobs", "1", "-q")
    assert result.exit_code == 0, result.output
    return tree(root / "out")


def _talk(folder):
    src = folder / "talk.txt"
    src.write_bytes(FRONTMATTER_SEED.read_bytes())
    os.utime(src, (1_700_000_000, 1_700_000_000))  # the .apkg note time comes from it
    return src


def test_one_document_all_formats_same_bytes_with_two_jobs(tmp_path, talk_one_process, monkeypatch):
    taken: list[int] = []
    absorb = LendsCues.absorb

    def spy(self, document, built):
        taken.append(len(built))
        absorb(self, document, built)

    monkeypatch.setattr(LendsCues, "absorb", spy)
    result = export(str(_talk(tmp_path)), "--to", "all", "-O", "epub.pinyin=false", "-o", str(tmp_path / "two"), "--jobs", "2", "-q")
    assert result.exit_code == 0, result.output
    assert {p.rsplit(".", 1)[-1] for p in talk_one_process} >= {"json", "srt", "vtt", "ass", "epub", "docx", "csv", "apkg"}
    assert len(taken) == 1 and taken[0] > 0  # the other share built part of the cues
    assert tree(tmp_path / "two") == talk_one_process


@pytest.mark.parametrize("how", ["killed", "raises"])
def test_cues_lost_with_the_child_are_built_here(tmp_path, talk_one_process, monkeypatch, how):
    parent = os.getpid()
    prebuild = LendsCues.prebuild

    def failing(self, document, part):
        if os.getpid() != parent:  # the child, before it sends its part of the cues
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("no cues")
        return prebuild(self, document, part)

    monkeypatch.setattr(LendsCues, "prebuild", failing)
    result = export(str(_talk(tmp_path)), "--to", "all", "-O", "epub.pinyin=false", "-o", str(tmp_path / "two"), "--jobs", "2", "-q")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "two") == talk_one_process


def test_files_of_a_child_killed_midway_are_written_again_here(tmp_path, talk_one_process, monkeypatch):
    from diglot import batch

    parent = os.getpid()
    render = batch._render

    def dies_after_one(source, plan, exporter, doc):
        written = render(source, plan, exporter, doc)
        if os.getpid() != parent:  # the child wrote its first file (the CSV) and dies
            os.kill(os.getpid(), signal.SIGKILL)
        return written

    monkeypatch.setattr(batch, "_render", dies_after_one)
    result = export(str(_talk(tmp_path)), "--to", "all", "-O", "epub.pinyin=false", "-o", str(tmp_path / "two"), "--jobs", "2", "-q")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "two") == talk_one_process


def test_files_a_killed_child_rewrote_over_a_former_run_are_written_again_here(tmp_path, talk_one_process, monkeypatch):
    # the second run over the same folder: the child replaces the former run's CSV, then dies; that new
    # file is this run's own too, so rendering it again here may replace it (not "changed since diglot wrote it")
    from diglot import batch

    src = _talk(tmp_path)
    first = export(str(src), "--to", "all", "-O", "epub.pinyin=false", "-o", str(tmp_path / "two"), "--jobs", "2", "-q")
    assert first.exit_code == 0, first.output
    parent = os.getpid()
    render = batch._render

    def dies_after_one(source, plan, exporter, doc):
        written = render(source, plan, exporter, doc)
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return written

    monkeypatch.setattr(batch, "_render", dies_after_one)
    again = export(str(src), "--to", "all", "-O", "epub.pinyin=false", "-o", str(tmp_path / "two"), "--jobs", "2", "-q", "--force")
    assert again.exit_code == 0, again.output
    assert tree(tmp_path / "two") == talk_one_process
