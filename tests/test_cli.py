from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    assert "SubRip subtitles" in result.output and "-O json.pairs" not in result.output
    assert "-O json.pairs=True" in run("formats", "--options").output
    only = run("formats", "json").output
    assert "-O json.pairs=True" in only and "SubRip subtitles" not in only


def test_formats_imports_no_exporter():
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from diglot.cli import cli\n"
        "out = CliRunner().invoke(cli, ['formats']).output\n"
        "from importlib.metadata import entry_points\n"
        "modules = {ep.value.split(':')[0] for ep in entry_points(group='diglot.exporters')}\n"
        "loaded = sorted(m for m in sys.modules if m in modules or m in ('ebooklib', 'docx', 'genanki', 'pysrt', 'pysubs2'))\n"
        "print(loaded, 'EPUB' in out)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[] True"


def test_help_imports_only_click_and_the_cli():
    """Start-up: ``diglot --help`` loads click and diglot's CLI and errors; not the readers' registry
    (nor dataclasses with it), the document model, the timed-reference formats, the pipeline, pathlib,
    json or package metadata."""
    script = (
        "import sys\nimport click\nbefore = set(sys.modules)\n"
        "sys.argv = ['diglot', '--help']\nfrom diglot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(m for m in set(sys.modules) - before if m.startswith('diglot') or m in "
        "('pathlib', 'json', 'dataclasses', 'importlib.metadata', 'yaml'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = proc.stdout.splitlines()[-1].split()
    assert "diglot.cli" in loaded
    assert not {"diglot.readers", "diglot.registry", "dataclasses", "diglot.model", "diglot.pipeline", "diglot.timing.references", "pathlib", "json", "importlib.metadata", "yaml"} & set(loaded)
    assert "Usage: diglot" in proc.stdout


def _inspect_imports(seed: Path) -> set[str]:
    script = (
        "import sys\n"
        f"sys.argv = ['diglot', 'inspect', {str(seed)!r}]\nfrom diglot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('diglot') or m in ('yaml', 'json', 'pysubs2', 'pathlib', 'html'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "segments" in proc.stdout
    return set(proc.stdout.splitlines()[-1].split())


def test_inspect_imports_only_the_claimant_reader():
    """Start-up: sniffing runs the light predicates of ``diglot.readers.sniff``, so ``inspect`` of a
    front-matter seed imports the front-matter reader and none of the other readers (JSON, subtitles,
    paired), the subtitle machinery, the JSON schema or the exporters; nor pathlib (a plainly named
    file needs none), html (no character reference) or the glued-heading rules (no glued heading)."""
    loaded = _inspect_imports(FRONTMATTER_SEED)
    assert {"diglot.readers.sniff", "diglot.readers.frontmatter"} <= loaded
    others = {
        "diglot.readers.json", "diglot.readers.paired", "diglot.readers.subtitles", "diglot.readers.subtitle_pair",
        "diglot.readers.subtitle_files", "diglot.readers.subtitle_merge", "diglot.cuefile", "diglot.schema", "json",
        "pysubs2", "diglot.exporters", "diglot.pipeline", "yaml", "pathlib", "html", "diglot.readers.headings",
    }
    assert not others & loaded, sorted(others & loaded)
    paired = _inspect_imports(PAIRED_SEED)
    assert "diglot.readers.paired" in paired
    assert not {"diglot.readers.frontmatter", "diglot.readers.subtitles", "diglot.readers.json", "yaml"} & paired


def test_export_of_a_transcript_imports_no_subtitle_reader(tmp_path):
    """Start-up: exporting a transcript imports none of the subtitle reader's modules (naming a subtitle
    pair's output uses the file-name rules in ``readers.grouping``), nor ``secrets`` (and with it hmac,
    hashlib, random) for the writers' temporary names."""
    script = (
        "import sys\n"
        f"sys.argv = ['diglot', 'export', {str(FRONTMATTER_SEED)!r}, '--to', 'json', '-o', {str(tmp_path)!r}, '-q']\n"
        "from diglot.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('diglot') or m in ('secrets', 'pysubs2'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(proc.stdout.splitlines()[-1].split())
    assert {"diglot.readers.frontmatter", "diglot.readers.grouping", "diglot.batch"} <= loaded
    assert list(tmp_path.glob("*.json"))
    subtitles = {m for m in loaded if m.startswith("diglot.readers.subtitle")}
    assert not subtitles | ({"diglot.cuefile", "secrets", "pysubs2"} & loaded), sorted(subtitles | ({"diglot.cuefile", "secrets", "pysubs2"} & loaded))


def test_python_dash_m():
    proc = subprocess.run([sys.executable, "-m", "diglot", "--help"], capture_output=True, text=True, check=True)
    assert "inspect" in proc.stdout and "export" in proc.stdout


AUDIT_FIXTURES = PAIRED_SEED.parent.parent / "tests" / "align" / "fixtures"


def test_check_audits_transcripts():
    result = run("check", str(PAIRED_SEED), str(FRONTMATTER_SEED))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"{PAIRED_SEED}: pairing audit: 74 segments, 0 errors, 3 warnings, 6 info" in lines
    assert f"{FRONTMATTER_SEED}: pairing audit: 121 segments, 0 errors, 0 warnings, 0 info" in lines
    assert f"{PAIRED_SEED}:56: info: untranslated: seg-0013: no translation" in lines


def test_check_flags_a_shifted_post_with_exit_1():
    shifted = AUDIT_FIXTURES / "interview_shifted.md"
    result = run("check", str(shifted))
    assert result.exit_code == 1
    assert result.output.startswith(f"{shifted}:53-101: error: shifted: seg-0007: pairing looks shifted from seg-0007 to seg-0013")
    summary = run("check", "--summary", str(shifted))
    assert summary.output == f"{shifted}: pairing audit: 13 segments, 1 errors, 11 warnings, 0 info\n"


def test_check_json_mixes_transcripts_and_subtitles(tmp_path):
    srt = tmp_path / "talk.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:03,000\nHello there.\n你好。\n", encoding="utf-8")
    no_suffix = tmp_path / "captions"
    no_suffix.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello there.\n", encoding="utf-8")
    result = run("check", "--json", str(AUDIT_FIXTURES / "talk_shifted.txt"), str(srt), str(no_suffix))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["kind"] for d in data] == ["transcript", "subtitles", "subtitles"]
    assert data[0]["findings"][0]["kind"] == "shifted" and data[0]["findings"][0]["line"] == 27
    assert data[1]["cues"] == 1 and data[1]["issues"] == []


def test_check_bad_transcript_is_one_line(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(junk), str(FRONTMATTER_SEED)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"diglot: error: {junk}: " in result.output
    assert f"{FRONTMATTER_SEED}: pairing audit: 121 segments" in result.output
