"""Regression tests for the hostile-input defects of issue 16 at the command line and in the writers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

import diglot
from diglot.fileio import MAX_STEM_BYTES, clean_stale_temporaries, safe_stem, write_bytes

from ..conftest import FRONTMATTER_SEED, PAIRED_SEED

SHORT = "---\ntitle: {title}\n---\n\n我们说话。\n\n<details>\n\nWe talk.\n\n</details>\n"


def diglot_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diglot", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )


def test_stem_suffix_never_overwrites_another_input(tmp_path):
    # the suffix the second x.txt would get first (x-1) is already another input's stem
    for rel in ("r/x-1.txt", "r/a/x.txt", "r/b/x.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(SHORT.format(title=rel), encoding="utf-8")
    done = diglot_cli("export", "r/x-1.txt", "r/a/x.txt", "r/b/x.txt", "-o", "out", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = {p.name: diglot.load(p).title for p in (tmp_path / "out").iterdir()}
    assert written == {"x-1.json": "r/x-1.txt", "x.json": "r/a/x.txt", "x-2.json": "r/b/x.txt"}


def test_inspect_and_export_go_on_after_a_bad_file_or_a_directory(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "diglot", "schema": 1, "document": {"segments": [{"id": "s", "source": 5, "target": "x"}]}}')
    folder = tmp_path / "folder"
    folder.mkdir()
    bad_line = f"diglot: error: {bad}: malformed diglot JSON document: Segment.source must be str | None, got 5"
    done = diglot_cli("inspect", str(bad), str(folder), str(PAIRED_SEED))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [bad_line, f"diglot: error: {folder}: is a directory, not a file"]
    # export searches a directory for transcripts (batch): an empty one is one error line, the rest goes on
    done = diglot_cli("export", "-o", str(tmp_path / "out"), str(bad), str(folder), str(PAIRED_SEED))
    assert done.returncode == 1
    errors = [line for line in done.stderr.strip().splitlines() if line.startswith("diglot: error:")]
    assert sorted(errors) == sorted([bad_line, f"diglot: error: {folder}: no file matches *.txt, *.md, *.markdown, *.json"])
    assert [p.name for p in (tmp_path / "out").iterdir()] == [PAIRED_SEED.with_suffix(".json").name]


def test_docx_core_properties_over_255_characters_are_cut_with_a_warning(tmp_path):
    import docx

    src = tmp_path / "long.md"
    src.write_text(SHORT.format(title="长" * 300).replace("---\n\n", "people: [" + ", ".join(["Ann"] * 100) + "]\ntags: [" + ", ".join(f"tag{i}" for i in range(80)) + "]\n---\n\n"), encoding="utf-8")
    done = diglot_cli("export", str(src), "--to", "docx,json", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "document title is 300 characters: cut to 255 in the file properties" in done.stdout
    props = docx.Document(str(tmp_path / "out" / "long.docx")).core_properties
    assert props.title == "长" * 254 + "…"
    assert len(props.keywords) == 255
    assert "长" * 300 in "\n".join(p.text for p in docx.Document(str(tmp_path / "out" / "long.docx")).paragraphs)


def test_output_names_near_255_bytes_are_written(tmp_path):
    src = tmp_path / ("谈" * 82 + ".txt")  # 246 + 4 bytes
    src.write_bytes(PAIRED_SEED.read_bytes())
    done = diglot_cli("export", str(src), "--to", "srt,json", "-o", str(tmp_path / "out"), "-q")
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["谈" * 66 + ".json", "谈" * 66 + ".srt"]
    assert all(len(n.encode()) <= 255 for n in names)
    assert len(safe_stem("谈" * 82).encode()) <= MAX_STEM_BYTES


def test_control_characters_never_reach_the_csv_deck_line(tmp_path, frontmatter_doc):
    doc = replace(frontmatter_doc, title="A\x01B\x1b[31mC\x7f\x85D\x9b\u2028E\tF\rG")
    (path,) = diglot.export(doc, "anki", tmp_path / "deck.csv")
    deck_line = next(line for line in path.read_text(encoding="utf-8").split("\n") if line.startswith("#deck:"))
    assert deck_line == "#deck:AB[31mCD E F G"


def test_apkg_makes_no_folder_in_the_system_temp_dir(tmp_path, frontmatter_doc, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    diglot.export(frontmatter_doc, "apkg", out / "talk.apkg")
    assert list(scratch.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["talk.apkg"]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temporaries_of_a_killed_run_are_removed_by_the_next(tmp_path):
    dead = _dead_pid()
    (tmp_path / f".diglot-{dead}-abc.tmp").write_bytes(b"x" * 100)
    (tmp_path / f".diglot-{dead}-def.d").mkdir()
    (tmp_path / f".diglot-{dead}-def.d" / "collection.anki2").write_bytes(b"x")
    mine = tmp_path / f".diglot-{os.getpid()}-ghi.tmp"
    mine.write_bytes(b"busy")
    (tmp_path / ".notes.tmp").write_bytes(b"not ours")
    write_bytes(tmp_path / "out.srt", b"1\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, ".notes.tmp", "out.srt"])
    assert clean_stale_temporaries(tmp_path) == []


def test_scratch_folders_of_a_killed_run_are_removed_by_the_next(tmp_path, monkeypatch):
    """Clip folders live in the system temp folder; a SIGKILLed run's are removed by the next run's first one."""
    from diglot import fileio

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(fileio, "_cleaned", set())
    stale = tmp_path / f".diglot-{_dead_pid()}-clips-x1y2.d"
    stale.mkdir()
    (stale / "clip-1.opus").write_bytes(b"x")
    other = tmp_path / "someone-elses.d"
    other.mkdir()
    folder = fileio.scratch_dir("clips-")
    assert Path(folder.name).name.startswith(f".diglot-{os.getpid()}-clips-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([Path(folder.name).name, "someone-elses.d"])
    folder.cleanup()


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_or_terminate_exits_cleanly_and_leaves_no_temporaries(tmp_path, sig, code):
    out = tmp_path / "out"
    out.mkdir()
    inputs = []
    for i in range(12):  # enough work that the run is still going when a write is seen (exports got fast)
        inputs += [str(tmp_path / f"talk{i}.txt")]
        Path(inputs[-1]).write_bytes(FRONTMATTER_SEED.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "diglot", "export", *inputs, "--to", "epub,docx,apkg,json", "-o", str(out), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a shell's background job (e.g. CI started with '&') ignores SIGINT, and Python keeps an ignored SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".diglot-") for p in out.iterdir()):
            break  # in the middle of a write
        time.sleep(0.002)
    assert proc.poll() is None, "the export finished before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.strip().splitlines()[-1] == ("diglot: interrupted" if code == 130 else "diglot: terminated")
    assert "Traceback" not in err
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    for written in out.iterdir():  # whatever was written is whole
        if written.suffix == ".json":
            diglot.load(written)


def test_ass_past_ten_hours_is_one_line_error_and_no_file(tmp_path):
    """ASS hours are one digit: pysubs2 clamped every later cue to 9:59:59.99 (piled up, never shown). Found by fuzzing."""
    srt = "1\n00:00:01,000 --> 00:00:03,000\n我们说话。\nWe talk.\n\n2\n10:00:01,000 --> 10:00:03,000\n他们听。\nThey listen.\n"
    doc = diglot.loads(srt, file="long.srt")
    with pytest.raises(diglot.OutputError, match=r"ASS times stop at 9:59:59\.99 .* run to 10:00:03\.000: export SRT or WebVTT") as exc:
        diglot.export(doc, "ass", tmp_path / "long.ass")
    assert "\n" not in str(exc.value) and not list(tmp_path.iterdir())
    (written,) = diglot.export(doc, "srt", tmp_path / "long.srt")
    assert "10:00:01,000 --> 10:00:03,000" in written.read_text(encoding="utf-8")


def test_control_characters_never_reach_anki_tags(tmp_path, frontmatter_doc):
    """Tags (front-matter tags, -O tags) lose C0/C1 controls and DEL, as the #deck: line does;
    the real Anki imports the CSVs and the .apkg with those tags (before the fix, Anki's CSV
    import dropped C0 and DEL itself but kept C1, and the .apkg kept them all)."""
    from anki.collection import Collection

    from ..exporters.anki.test_anki import import_csv
    from ..exporters.anki.test_apkg import import_apkg

    doc = replace(frontmatter_doc, tags=("x\x01y", "a\x85b", "del\x7f", "c1\x9bz", "esc\x1b[1m", "ok"))
    wanted = {"xy", "a_b", "del", "c1z", "esc[1m", "ok", "more"}
    controls = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    (apkg,) = diglot.export(doc, "apkg", tmp_path / "deck.apkg", tags="mo\x02re")
    (rich,) = diglot.export(doc, "anki", tmp_path / "rich.csv", tags="mo\x02re", notetypes="diglot")
    (stock,) = diglot.export(doc, "anki", tmp_path / "stock.csv", tags="mo\x02re")
    for path in (rich, stock):
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        assert rows and not [r[-1] for r in rows if controls.search(r[-1])], path.name

    def tags(col) -> set[str]:
        found = {t for nid in col.find_notes("") for t in col.get_note(nid).tags}
        assert found and not [t for t in found if controls.search(t)], found
        return found

    col = Collection(str(tmp_path / "a.anki2"))
    try:
        import_apkg(col, apkg)
        assert wanted <= tags(col)
        import_csv(col, rich)  # diglot's note types are in the collection now: the rich CSV updates the notes
        assert wanted <= tags(col)
    finally:
        col.close()
    col = Collection(str(tmp_path / "b.anki2"))
    try:
        import_csv(col, stock)
        assert wanted <= tags(col)
    finally:
        col.close()
