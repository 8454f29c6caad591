from __future__ import annotations

import pytest

from diglot.errors import OutputError
from diglot.fileio import atomic_path, safe_stem, write_bytes


def test_failed_write_is_an_output_error_and_leaves_nothing(tmp_path):
    target = tmp_path / "out.epub"
    target.mkdir()  # the rename onto a directory fails
    with pytest.raises(OutputError, match="cannot write") as info:
        write_bytes(target, b"data")
    assert info.value.file == str(target)
    assert list(tmp_path.iterdir()) == [target] and not any(target.iterdir())


def test_an_error_inside_the_block_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(ValueError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise ValueError("exporter failed")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize(("name", "stem"), [("../../etc/passwd", "etc-passwd"), ("a/b\\c", "a-b-c"), ("..", "document"), ("谈话 1", "谈话-1")])
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem
