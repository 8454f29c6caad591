from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from diglot.cli import cli

from .conftest import FRONTMATTER_SEED, PAIRED_SEED


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_inspect_summary():
    result = run("inspect", str(PAIRED_SEED), str(FRONTMATTER_SEED))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(paired)" in out and "(frontmatter)" in out
    assert "segments:     74 (6 untranslated, 0 repaired)" in out
    assert "segments:     121 (0 untranslated, 1 repaired)" in out
    assert "Ilya (84), Dwarkesh (36)" in out
    assert "002_497afb8ee9508095.txt:244:" in out  # the repair warning with its line


def test_inspect_json():
    result = run("inspect", "--json", str(FRONTMATTER_SEED))
    info = json.loads(result.output)[0]
    assert info["segments"] == 121 and len(info["sections"]) == 12
    assert info["speakers"] == {"Ilya": 84, "Dwarkesh": 36}
    assert len(info["terms"]) >= 6 and info["warnings"][0].startswith("002_497afb8ee9508095.txt:244:")


def test_export_json_and_errors_keep_going(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", str(bad), str(PAIRED_SEED), "--to", "json", "-o", str(out)])
    assert result.exit_code == 1
    assert f"diglot: error: {bad}: file is empty" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["000_f186dd285a4328be.json"]
    back = run("inspect", "--json", str(out / "000_f186dd285a4328be.json"))
    assert json.loads(back.output)[0]["segments"] == 74


def test_usage_errors_exit_2(tmp_path):
    assert run("export", str(PAIRED_SEED), "--to", "nope").exit_code == 2
    assert run("export", str(PAIRED_SEED), "--to", "json", "-O", "json.nope=1").exit_code == 2
    assert run("export", str(PAIRED_SEED), "--to", "json", "-O", "novalue").exit_code == 2
    assert run("export", str(PAIRED_SEED), "--to", "json", "-O", "json.pairs=maybe").exit_code == 2
    assert run("inspect").exit_code == 2


def test_from_overrides_sniffing():
    result = run("inspect", "--from", "frontmatter", str(PAIRED_SEED))
    assert result.exit_code == 1 and "no English originals" in result.output


def test_debug_shows_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    plain = CliRunner().invoke(cli, ["inspect", str(bad)])
    assert plain.exit_code == 1 and "Traceback" not in plain.output
    debug = CliRunner().invoke(cli, ["--debug", "inspect", str(bad)])
    assert debug.exit_code == 1 and "Traceback" in debug.output


def test_formats_lists_readers_and_exporters():
    result = run("formats")
    assert result.exit_code == 0
    for name in ("paired", "frontmatter", "json"):
        assert name in result.output
    assert "-O json.pairs=True" in result.output


def test_python_dash_m():
    proc = subprocess.run([sys.executable, "-m", "diglot", "--help"], capture_output=True, text=True, check=True)
    assert "inspect" in proc.stdout and "export" in proc.stdout
