"""One document's formats on several cores (diglot.fanout): same bytes, exporters that share work together."""

from __future__ import annotations

import os
import signal

import pytest

from diglot import exporters
from diglot.fanout import ChildFailed, can_fork, fork_map, share_out

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


def test_one_document_all_formats_same_bytes_with_two_jobs(tmp_path):
    src = tmp_path / "talk.txt"
    src.write_bytes(FRONTMATTER_SEED.read_bytes())
    os.utime(src, (1_700_000_000, 1_700_000_000))  # the .apkg note time comes from it
    one, two = tmp_path / "one", tmp_path / "two"
    for out, jobs in ((one, "1"), (two, "2")):
        result = export(str(src), "--to", "all", "-O", "epub.pinyin=false", "-o", str(out), "--jobs", jobs, "-q")
        assert result.exit_code == 0, result.output
    first = tree(one)
    assert {p.rsplit(".", 1)[-1] for p in first} >= {"json", "srt", "vtt", "ass", "epub", "docx", "csv", "apkg"}
    assert first == tree(two)
