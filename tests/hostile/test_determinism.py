"""Every exporter's output is byte-identical across hash seeds, working directories and locales (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "data" / "hostile" / "accepted"
INPUTS = [CORPUS / "frontmatter.md", CORPUS / "paired-big5.txt"]


def export_all(out: Path, cwd: Path, **env: str) -> dict[str, bytes]:
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "", **env}
    done = subprocess.run(
        [sys.executable, "-m", "diglot", "export", *map(str, INPUTS), "--to", "all", "-o", str(out), "-q"],
        cwd=cwd, env=environ, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_outputs_do_not_depend_on_hash_seed_cwd_or_locale(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = export_all(tmp_path / "out1", tmp_path / "a", PYTHONHASHSEED="1", LC_ALL="C.UTF-8", TZ="UTC")
    second = export_all(tmp_path / "out2", tmp_path / "b", PYTHONHASHSEED="4242", LC_ALL="C", LANG="C", TZ="Asia/Shanghai")
    assert {Path(n).suffix for n in first} >= {".srt", ".vtt", ".ass", ".epub", ".docx", ".csv", ".apkg", ".json"}
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different


def test_outputs_do_not_depend_on_jobs(tmp_path):
    archive = tmp_path / "archive"
    (archive / "2024").mkdir(parents=True)
    from ..conftest import FRONTMATTER_SEED, PAIRED_SEED

    paired = PAIRED_SEED.read_text(encoding="utf-8").split("\n\n")
    (archive / "2024" / "talk.txt").write_text("\n\n".join(paired[:13]) + "\n", encoding="utf-8")
    front = FRONTMATTER_SEED.read_text(encoding="utf-8")
    cut = front.index("**", front.index("</details>", front.index("</details>") + 1500))
    (archive / "interview.md").write_text(front[:cut], encoding="utf-8")
    (archive / "again.md").write_text(front[:cut].replace("title: ", "title: Again "), encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        done = subprocess.run(
            [sys.executable, "-m", "diglot", "export", str(archive), "--to", "all", "-o", str(out), "-q", "-j", jobs],
            env={**os.environ, "SOURCE_DATE_EPOCH": ""}, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert {Path(n).suffix for n in outputs["1"]} >= {".srt", ".vtt", ".ass", ".epub", ".docx", ".csv", ".apkg", ".json"}
    assert {n.split(".")[0] for n in outputs["1"]} == {"2024/talk", "interview", "again"}
    assert outputs["1"].keys() == outputs["2"].keys()
    assert [n for n in outputs["1"] if outputs["1"][n] != outputs["2"][n]] == []
