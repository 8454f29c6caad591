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
