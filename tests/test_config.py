"""Configuration files: precedence (flag > diglot.toml > pyproject.toml > default), diglot config, errors."""

from __future__ import annotations

from click.testing import CliRunner

from diglot.cli import cli
from diglot.config import load_config

from .test_batch import talk

PYPROJECT = """\
[project]
name = "podcast"

[tool.diglot.export]
to = "srt"
output = "from-pyproject"

[tool.diglot.srt]
order = "source-first"
max-chars-source = 30
"""

DIGLOT_TOML = """\
# the podcast's own settings
[export]
output = "from-diglot-toml"

[srt]
max-chars-source = 37
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_precedence_flag_over_diglot_toml_over_pyproject_over_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "talk.txt").write_text(talk(1), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "diglot.toml").write_text(DIGLOT_TOML, encoding="utf-8")

    shown = run("config", "srt")
    assert shown.exit_code == 0, shown.output
    lines = {line.split("=")[0].strip(): line for line in shown.output.splitlines()[1:]}
    assert lines["export.to"].endswith("# pyproject.toml:5") and "srt" in lines["export.to"]
    assert lines["export.output"].endswith("# diglot.toml:3") and "from-diglot-toml" in lines["export.output"]
    assert lines["srt.order"].endswith("# pyproject.toml:9")
    assert "37" in lines["srt.max-chars-source"] and lines["srt.max-chars-source"].endswith("# diglot.toml:6")
    assert lines["srt.max-lines"].endswith("# default")

    config = load_config(tmp_path)
    assert config.option_strings("srt") == {"order": "source-first", "max_chars_source": "37"}

    result = run("export", "talk.txt", "-O", "srt.order=target-first")
    assert result.exit_code == 0, result.output
    srt = (tmp_path / "from-diglot-toml" / "talk.srt").read_text(encoding="utf-8")
    first_cue = srt.split("\n\n")[0].splitlines()
    assert first_cue[2].startswith("欢迎")  # the flag (target first) beat pyproject.toml (source first)
    assert max(len(line) for line in srt.splitlines() if line.isascii()) <= 37

    flagged = run("export", "talk.txt", "--to", "json", "-o", "flag-out")
    assert flagged.exit_code == 0 and (tmp_path / "flag-out" / "talk.json").is_file()


def test_pyproject_without_tool_diglot_is_no_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    result = run("config", "json")
    assert result.exit_code == 0
    assert result.output.startswith("# configuration: none")
    assert "export.to" in result.output and "# default" in result.output


def bad(tmp_path, monkeypatch, text: str, name: str = "diglot.toml"):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("export", "talk.txt")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_broken_toml_names_the_line(tmp_path, monkeypatch):
    assert bad(tmp_path, monkeypatch, '[export]\njobs = 2\nto = "srt\n').startswith("Error: diglot.toml:3: broken TOML")


def test_unknown_key_names_line_and_nearest_key(tmp_path, monkeypatch):
    line = bad(tmp_path, monkeypatch, '[srt]\norder = "source-first"\nmax-char-source = 30\n')
    assert line == "Error: diglot.toml:3: unknown key 'max-char-source' in [srt] (did you mean 'max-chars-source'?)"
    line = bad(tmp_path, monkeypatch, "[export]\njob = 2\n")
    assert line == "Error: diglot.toml:2: unknown key 'job' in [export] (did you mean 'jobs'?)"


def test_unknown_table_and_bad_value(tmp_path, monkeypatch):
    line = bad(tmp_path, monkeypatch, '\n[epbu]\nlayout = "side-by-side"\n')
    assert line == "Error: diglot.toml:2: unknown table [epbu] (did you mean 'epub'?)"
    line = bad(tmp_path, monkeypatch, '[epub]\nlayout = "upside-down"\n')
    assert line.startswith("Error: diglot.toml:2: option epub.layout: 'upside-down' is not one of")
    line = bad(tmp_path, monkeypatch, "[export]\njobs = 0\n")
    assert line == "Error: diglot.toml:2: export.jobs: expected a whole number of at least 1"


def test_pyproject_errors_name_pyproject(tmp_path, monkeypatch):
    line = bad(tmp_path, monkeypatch, '[project]\nname = "x"\n\n[tool.diglot.srt]\nordre = "source-first"\n', name="pyproject.toml")
    assert line == "Error: pyproject.toml:5: unknown key 'ordre' in [tool.diglot.srt] (did you mean 'order'?)"
