"""``diglot.load`` names a plainly written path without pathlib: the same name and path as pathlib gives.

(That ``inspect`` of seed 002 then imports no pathlib is pinned in ``test_cli.py``.)
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

import diglot
from diglot.errors import InputError
from diglot.textio import plain_path_name

from .conftest import FRONTMATTER_SEED

PIECES = ["", "/", "//", "///", ".", "..", "a", "b.txt", ".hidden", "x.", " ", "é", "a b"]


def test_a_plain_path_is_named_as_pathlib_names_it():
    plain = 0
    for parts in itertools.product(PIECES, repeat=4):
        path = "".join(parts)
        name = plain_path_name(path)
        if name is not None:  # only when pathlib keeps the path as written
            plain += 1
            assert str(Path(path)) == path and Path(path).name == name, repr(path)
    assert plain > 1000
    for path in ["seeds/002.txt", "/tmp/a.txt", "a", "../x/y.md"]:
        assert plain_path_name(path) == Path(path).name
    for path in ["", ".", "./a", "a/", "a//b", "a/./b", "/", "///x", "//srv/x.txt"]:
        assert plain_path_name(path) is None


def test_load_names_files_as_before(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "t.txt").write_text(FRONTMATTER_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    plain, dotted = diglot.load("d/t.txt"), diglot.load("./d//t.txt")  # the second goes through pathlib
    assert plain == dotted and plain.source_mtime == dotted.source_mtime
    assert {n.file for n in plain.notices} <= {"t.txt"}
    with pytest.raises(InputError) as missing:
        diglot.load("d/none.txt")
    assert str(missing.value) == "d/none.txt: no such file"
    with pytest.raises(InputError) as slashed:
        diglot.load("d/none.txt/")
    assert str(slashed.value) == "d/none.txt: no such file"  # pathlib drops the trailing slash, as before



def test_other_separators_are_left_to_pathlib(monkeypatch):
    """Where the separator is not "/" (Windows: "\\", drive letters), pathlib names the file."""
    monkeypatch.setattr(os, "sep", "\\")
    monkeypatch.setattr(os, "altsep", "/")
    assert plain_path_name("seeds\\002.txt") is None
    assert plain_path_name("seeds/002.txt") is None
