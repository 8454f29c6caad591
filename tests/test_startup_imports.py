"""Start-up: what a command imports and compiles that its path does not use (see ``benchmarks/startup_costs.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FRONTMATTER_SEED = next(SEEDS.glob("002_*.txt"))

_STATE = (
    "from diglot.lazyre import LazyPattern\n"
    "for name in sorted(sys.modules):\n"
    "    print('module', name)\n"
    "for module in [m for n, m in sorted(sys.modules.items()) if n.startswith('diglot')]:\n"
    "    for name, value in sorted(vars(module).items()):\n"
    "        if isinstance(value, LazyPattern):\n"
    "            print('pattern', module.__name__ + '.' + name, value.compiled)\n"
)


def _run(script: str, cwd: Path) -> tuple[set[str], dict[str, str]]:
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd)
    modules = {line.split()[1] for line in proc.stdout.splitlines() if line.startswith("module ")}
    patterns = dict(line.split()[1:] for line in proc.stdout.splitlines() if line.startswith("pattern "))
    return modules, patterns


def test_an_epub_of_a_seed_imports_no_timing_no_pickle_and_compiles_no_unused_class(tmp_path):
    """Seed 002 to EPUB (paragraphs: no sentence pairs, no times) imports neither the timing parameters (the
    pipeline imports them only when an exporter asks for times or clips), nor the retiming report, nor pickle
    (needed only to fork the formats), and compiles neither the XML-illegal class (its text has no such
    character: the wider dirty-text class passes it alone) nor the configuration's table-header pattern (no
    configuration file sets anything)."""
    out = tmp_path / "out"
    script = (
        "import sys\n"
        f"sys.argv = ['diglot', 'export', {str(FRONTMATTER_SEED)!r}, '--to', 'epub', '-o', {str(out)!r}, '-q', '--force']\n"
        "from diglot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n" + _STATE
    )
    modules, patterns = _run(script, tmp_path)
    assert (out / f"{FRONTMATTER_SEED.stem}.epub").is_file()
    assert {"diglot.exporters.epub.book", "diglot.content.xmltext", "diglot.config", "diglot.fanout"} <= modules
    assert not {"diglot.timing.params", "diglot.timing.report", "pickle", "sqlite3"} & modules
    assert patterns["diglot.content.xmltext.ILLEGAL"] == "False"
    assert patterns["diglot.config._HEADER"] == "False"


def test_a_configuration_that_sets_something_still_names_its_lines(tmp_path):
    """The lazily compiled header pattern still finds the line of each setting."""
    (tmp_path / "diglot.toml").write_text('[export]\nto = "epub"\n\n[epub]\nlayout = "side-by-side"\n', encoding="utf-8")
    script = (
        "import sys\nfrom diglot.config import load_config\n"
        "cfg = load_config('.')\n"
        "print('origins', cfg.export['to'].origin, cfg.options['epub']['layout'].origin)\n" + _STATE
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert "origins diglot.toml:2 diglot.toml:5" in proc.stdout
    assert "pattern diglot.config._HEADER True" in proc.stdout


def test_setting_up_every_exporter_imports_no_sqlite_and_no_retiming_report(tmp_path):
    """``--to all`` builds every exporter before reading (options checked, needs known), in the process that
    later forks the formats: that set-up imports neither sqlite3 (only the ``.apkg`` writer needs it) nor the
    retiming report (the WebVTT exporter's low-confidence threshold lives with the timing parameters)."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom diglot import batch, exporters\n"
        "plan = batch.Plan(formats=tuple(sorted(exporters.BUILTIN)), out_dir=Path('.'))\n"
        "print('built', len(batch.exporter_instances(plan)))\n" + _STATE
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    modules = {line.split()[1] for line in proc.stdout.splitlines() if line.startswith("module ")}
    assert "built 8" in proc.stdout
    assert {"diglot.exporters.anki.apkg", "diglot.exporters.subtitles.vtt", "diglot.timing.params"} <= modules
    assert not {"sqlite3", "diglot.timing.report"} & modules


def test_the_low_confidence_threshold_is_one_value():
    from diglot.timing import params, report

    assert report.LOW_CONFIDENCE is params.LOW_CONFIDENCE == 0.5
