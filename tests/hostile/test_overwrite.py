"""diglot export replaces only files it wrote itself and never writes outside -o DIR (issue 16, item 4).

diglot knows its own files from the incremental-run manifest (diglot.cache): the
size and modification time of every file it wrote. Anything else in the output
directory is left alone with a one-line error unless --overwrite is given.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import diglot
from diglot.errors import OutputError
from diglot.fileio import WriteGuard, guarded, write_text

from .test_output_defects import SHORT, diglot_cli


def _inputs(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(SHORT.format(title=name), encoding="utf-8")


def test_a_file_diglot_did_not_write_is_left_alone_and_named(tmp_path):
    _inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.srt").write_text("my own notes\n", encoding="utf-8")
    done = diglot_cli("export", "a.md", "b.md", "--to", "srt,json", "-o", "out", "-q", "-j", "1", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["diglot: error: out/a.srt: exists and diglot did not write it (--overwrite replaces it)"]
    assert (out / "a.srt").read_text(encoding="utf-8") == "my own notes\n"
    # the document's other formats and the other documents are written
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "a.srt", "b.json", "b.srt"]
    assert diglot.load(out / "b.json").title == "b"
    # --overwrite replaces it
    done = diglot_cli("export", "a.md", "--to", "srt", "-o", "out", "-q", "--overwrite", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "We talk." in (out / "a.srt").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_diglots_own_files_are_replaced_but_not_once_edited(tmp_path):
    _inputs(tmp_path)
    out = tmp_path / "out"
    first = diglot_cli("export", "a.md", "b.md", "--to", "srt,vtt", "-o", "out", "-q", "-j", "1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = diglot_cli("export", "a.md", "b.md", "--to", "srt,vtt", "-o", "out", "-q", "--force", "-j", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    # an output the user edited since is no longer diglot's to replace
    (out / "b.vtt").write_text("WEBVTT\n\nedited by hand\n", encoding="utf-8")
    os.utime(out / "b.vtt", ns=(0, 10**18))
    done = diglot_cli("export", "a.md", "b.md", "--to", "srt,vtt", "-o", "out", "-q", "--force", "-j", "1", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["diglot: error: out/b.vtt: changed since diglot wrote it (--overwrite replaces it)"]
    assert "edited by hand" in (out / "b.vtt").read_text(encoding="utf-8")
    # after --overwrite the file is diglot's again: the next run replaces it without the flag
    assert diglot_cli("export", "b.md", "--to", "vtt", "-o", "out", "-q", "--overwrite", cwd=tmp_path).returncode == 0
    (out / "b.md").write_text("x", encoding="utf-8")  # unrelated file, never touched
    done = diglot_cli("export", "a.md", "b.md", "--to", "srt,vtt", "-o", "out", "-q", "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (out / "b.md").read_text(encoding="utf-8") == "x"


def test_outputs_never_leave_the_output_directory(tmp_path):
    # archive/sub/x.md goes to out/sub/x.json; out/sub is a link to a folder elsewhere
    (tmp_path / "archive" / "sub").mkdir(parents=True)
    (tmp_path / "archive" / "sub" / "x.md").write_text(SHORT.format(title="x"), encoding="utf-8")
    (tmp_path / "archive" / "y.md").write_text(SHORT.format(title="y"), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(elsewhere)
    done = diglot_cli("export", "archive", "-o", "out", "-q", "-j", "1", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"diglot: error: out/sub/x.json: outside the output directory {(tmp_path / 'out').resolve()}"]
    assert list(elsewhere.iterdir()) == []
    assert diglot.load(tmp_path / "out" / "y.json").title == "y"


def test_the_guard_in_the_writer(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (root / "theirs.txt").write_text("theirs", encoding="utf-8")
    write_text(root / "mine.txt", "mine")
    st = (root / "mine.txt").stat()
    with guarded(WriteGuard(root, {"mine.txt": [st.st_size, st.st_mtime_ns]})):
        write_text(root / "mine.txt", "mine again")
        write_text(root / "new" / "file.txt", "new")
        for path, reason in ((root / "theirs.txt", "did not write"), (root / ".." / "escape.txt", "outside"), (root / "mine.txt", "changed")):
            with pytest.raises(OutputError, match=reason) as info:
                write_text(path, "x")
            assert str(info.value).startswith(str(path))
    assert (root / "theirs.txt").read_text(encoding="utf-8") == "theirs"
    assert not (tmp_path / "escape.txt").exists()
    with guarded(WriteGuard(root, {}, overwrite=True)):
        write_text(root / "theirs.txt", "replaced")
    write_text(tmp_path / "escape.txt", "no guard: a path the caller named")
    assert (root / "theirs.txt").read_text(encoding="utf-8") == "replaced"
