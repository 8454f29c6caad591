"""Batch export: directories and globs, standard input, failures skipped, --jobs, incremental runs."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from diglot import batch
from diglot.cli import cli
from diglot.sources import Source

from .conftest import FRONTMATTER_SEED, PAIRED_SEED


def talk(n: int) -> str:
    """A short paired transcript of its own (three turns)."""
    return (
        f"## Talk {n}\n\n"
        f"Welcome to talk number {n}. Today we discuss scaling.\n\n欢迎来到第{n}场演讲。今天我们讨论规模。\n\n"
        "Models learn from data. They also generalise.\n\n模型从数据中学习。它们也能泛化。\n\n"
        f"Thank you for listening to part {n}.\n\n感谢收听第{n}部分。\n"
    )


def archive(root: Path, count: int = 4) -> Path:
    for n in range(count):
        sub = root / ("2024" if n % 2 else "2025")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"talk{n}.txt").write_text(talk(n), encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not a transcript")
    return root


def export(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["export", *args], input=input)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_directory_keeps_layout_and_takes_only_transcripts(tmp_path):
    src = archive(tmp_path / "in")
    out = tmp_path / "out"
    result = export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(tree(out)) == [f"{y}/talk{n}.{ext}" for y, n in [("2024", 1), ("2024", 3), ("2025", 0), ("2025", 2)] for ext in ("json", "srt")]
    assert "diglot: 4 documents, 8 outputs written, 0 warnings, 0 failed" in result.output


def test_include_exclude_globs(tmp_path):
    src = archive(tmp_path / "in")
    out = tmp_path / "out"
    result = export(str(src), "--to", "json", "-o", str(out), "--exclude", "2024/*", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(tree(out)) == ["2025/talk0.json", "2025/talk2.json"]
    out2 = tmp_path / "out2"
    result = export(str(src), "--to", "json", "-o", str(out2), "--include", "talk3.*", "--jobs", "1")
    assert sorted(tree(out2)) == ["2024/talk3.json"]


def test_glob_matching_nothing_and_missing_path_are_one_line_errors(tmp_path):
    src = archive(tmp_path / "in")
    result = export(str(src), str(tmp_path / "missing.txt"), "--include", "*.vtt", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"diglot: error: {src}: no file matches *.vtt" in result.output
    assert f"diglot: error: {tmp_path / 'missing.txt'}: no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_failing_document_is_skipped_and_the_rest_completes(tmp_path):
    src = archive(tmp_path / "in", count=3)
    (src / "2025" / "broken.txt").write_text("only one language here, nothing else\n", encoding="utf-8")
    (src / "2025" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = export(str(src), "--to", "json", "-o", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert f"diglot: error: {src / '2025' / 'empty.txt'}: file is empty" in result.output
    assert sum(line.startswith("diglot: error:") for line in result.output.splitlines()) == 2
    assert sorted(tree(out)) == ["2024/talk1.json", "2025/talk0.json", "2025/talk2.json"]
    assert "diglot: 5 documents, 3 outputs written, 0 warnings, 2 failed" in result.output
    assert "Traceback" not in result.output


def test_jobs_do_not_change_a_byte(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(PAIRED_SEED.read_bytes())
    (src / "b.txt").write_bytes(FRONTMATTER_SEED.read_bytes())
    (src / "c.txt").write_text(talk(3), encoding="utf-8")
    for n, p in enumerate(sorted(src.iterdir())):
        os.utime(p, (1_700_000_000 + n, 1_700_000_000 + n))  # the .apkg note time comes from it
    one, two = tmp_path / "one", tmp_path / "two"
    assert export(str(src), "--to", "srt,vtt,epub,apkg", "-O", "epub.pinyin=false", "-o", str(one), "--jobs", "1", "-q").exit_code == 0
    assert export(str(src), "--to", "srt,vtt,epub,apkg", "-O", "epub.pinyin=false", "-o", str(two), "--jobs", "2", "-q").exit_code == 0
    first, second = tree(one), tree(two)
    assert len(first) == 3 * 4 + 1  # and the chapters file of the talk with sections
    assert first == second


def test_stdin(tmp_path):
    out = tmp_path / "out"
    result = export("-", "--to", "srt", "-o", str(out), input=talk(7))
    assert result.exit_code == 0, result.output
    assert "第7部分" in (out / "stdin.srt").read_text(encoding="utf-8")


def test_unchanged_outputs_are_skipped_until_input_or_options_change(tmp_path):
    src = archive(tmp_path / "in", count=2)
    out = tmp_path / "out"
    assert export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1").exit_code == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.*")}

    again = export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1")
    assert again.exit_code == 0
    assert "0 outputs written, 4 unchanged" in again.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.*")} == stamps

    changed = src / "2025" / "talk0.txt"
    changed.write_text(talk(0).replace("scaling", "data"), encoding="utf-8")
    edited = export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1")
    assert "2 outputs written, 2 unchanged" in edited.output
    assert "data" in (out / "2025" / "talk0.srt").read_text(encoding="utf-8")

    option = export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1", "-O", "srt.order=source-first")
    assert "2 outputs written, 2 unchanged" in option.output  # only the SRT files depend on it

    (out / "2024" / "talk1.json").unlink()
    deleted = export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1", "-O", "srt.order=source-first")
    assert "1 output written, 3 unchanged" in deleted.output

    forced = export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1", "--force", "-O", "srt.order=source-first")
    assert "2 documents, 4 outputs written, 0 warnings" in forced.output
    after_force = export(str(src), "--to", "json,srt", "-o", str(out), "--jobs", "1", "-O", "srt.order=source-first")
    assert "0 outputs written, 4 unchanged" in after_force.output  # --force is not part of the key


def test_results_come_in_input_order_whatever_finishes_first(tmp_path):
    sources = []
    for n, text in enumerate([FRONTMATTER_SEED.read_text(encoding="utf-8"), talk(1), talk(2)]):
        path = tmp_path / f"{n}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append(Source(str(path), str(n)))
    plan = batch.Plan(formats=("json",), out_dir=tmp_path / "out")
    seen: list[str] = []
    results = list(batch.execute(sources, plan, jobs=2, on_done=lambda r: seen.append(r.path)))
    assert [r.path for r in results] == [s.path for s in sources]
    assert sorted(seen) == sorted(s.path for s in sources)
    assert all(not r.failed for r in results)
