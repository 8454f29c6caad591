from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from diglot import exporters
from diglot.errors import OptionError

from ..conftest import PAIRED_SEED, ROOT


def test_builtin_exporters_are_registered():
    assert {"json", "srt", "vtt", "epub", "docx", "anki", "apkg"} <= set(exporters.available())
    assert exporters.get("json").extension == ".json"


def test_builtin_table_is_what_pyproject_registers():
    """The built-ins found without reading entry points are exactly the entry points pyproject.toml declares."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]["diglot.exporters"]
    assert exporters.BUILTIN == declared
    assert all(exporters.get(name).name == name for name in exporters.BUILTIN)


def test_exporting_a_builtin_format_reads_no_package_metadata(tmp_path):
    """importlib.metadata and the scan of every installed package cost more than the rest of a small
    export's start-up: a built-in format needs neither."""
    code = (
        "import sys\nfrom diglot.cli import main\n"
        f"sys.argv = ['diglot', 'export', {str(PAIRED_SEED)!r}, '--to', 'json', '-o', {str(tmp_path)!r}, '-q']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('importlib.metadata' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"] and list(tmp_path.glob("*.json"))


def test_unknown_exporter():
    with pytest.raises(OptionError, match="unknown export format"):
        exporters.get("nope")


@dataclass(frozen=True)
class _Opts:
    layout: str = field(default="a", metadata={"choices": ("a", "b")})
    width: int = 3
    scale: float = 1.0
    flag: bool = False
    name: str | None = None


class _Fake:
    name = "fake"
    Options = _Opts


def test_build_options_converts_types():
    opts = exporters.build_options(_Fake, {"layout": "b", "width": "7", "scale": "0.5", "flag": "yes", "name": "none"})
    assert opts == _Opts("b", 7, 0.5, True, None)
    with pytest.raises(OptionError, match="not one of"):
        exporters.build_options(_Fake, {"layout": "c"})
    with pytest.raises(OptionError, match="bad value"):
        exporters.build_options(_Fake, {"width": "x"})
    with pytest.raises(OptionError, match="has no option"):
        exporters.build_options(_Fake, {"colour": "red"})


def test_parse_option_args_qualified_and_broadcast():
    per = exporters.parse_option_args(["json.pairs=false"], ["json"])
    assert per == {"json": {"pairs": "false"}}
    per = exporters.parse_option_args(["pairs=false"], ["json"])
    assert per == {"json": {"pairs": "false"}}
    with pytest.raises(OptionError, match="not being exported"):
        exporters.parse_option_args(["epub.layout=x"], ["json"])
    with pytest.raises(OptionError, match="none of"):
        exporters.parse_option_args(["colour=red"], ["json"])


def test_third_party_plugin_is_discovered(tmp_path):
    """The example plug-in, installed like any third-party package, shows up and exports."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT / "examples" / "diglot-markdown")],
        check=True,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    listing = subprocess.run([sys.executable, "-m", "diglot", "formats", "--options"], env=env, capture_output=True, text=True, check=True)
    assert "markdown" in listing.stdout and "-O markdown.order=source-first" in listing.stdout
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "diglot", "export", str(PAIRED_SEED), "--to", "markdown", "-o", str(out), "-O", "markdown.order=target-first"],
        env=env, check=True, capture_output=True,
    )
    text = (out / "000_f186dd285a4328be.md").read_text(encoding="utf-8")
    assert text.startswith("# Ilya-Sutskever")
    assert "> 我要感谢组织者" in text and "*(untranslated)*" in text


def test_broken_plugin_is_a_warning_not_a_crash(tmp_path):
    dist = tmp_path / "broken_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[diglot.exporters]\nbroken = no_such_module:Nothing\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    listing = subprocess.run([sys.executable, "-m", "diglot", "formats"], env=env, capture_output=True, text=True)
    assert listing.returncode == 0
    assert "broken" in listing.stdout and "unavailable" in listing.stdout
    run = subprocess.run([sys.executable, "-m", "diglot", "export", str(PAIRED_SEED), "--to", "broken", "-o", str(tmp_path / "o")],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 2 and "failed to load" in run.stderr and "Traceback" not in run.stderr


def _broken_plugin(folder):
    dist = folder / "broken_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[diglot.exporters]\nbroken = no_such_module:Nothing\n")


def test_entry_points_listed_by_a_child_are_those_listed_here(tmp_path):
    """``--to all`` has a forked child list the entry points while it sets up (discover_in_background): the
    registry gets the same entries, in the same order, as importlib.metadata gives here, plug-ins included,
    and this process does not import importlib.metadata at all."""
    _broken_plugin(tmp_path)
    script = (
        "import sys\nfrom diglot import exporters\n"
        "assert exporters.discover_in_background()\n"
        "names = exporters.available()\n"
        "print('metadata imported', 'importlib.metadata' in sys.modules)\n"
        "print('targets', [(n, exporters.target(n)) for n in names])\n"
        "from importlib.metadata import entry_points\n"
        "from diglot.registry import Registry, Entry\n"
        "here = Registry('x', sort=True, discover=lambda: [Entry(ep.name, ep.value) for ep in entry_points(group=exporters.GROUP)])\n"
        "for name, target in exporters.BUILTIN.items():\n    here.register(name, target)\n"
        "print('same', [(n, here.entry(n).target) for n in here.names()] == [(n, exporters.target(n)) for n in names])\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], env=dict(os.environ, PYTHONPATH=str(tmp_path)), capture_output=True, text=True, check=True)
    assert "metadata imported False" in proc.stdout
    assert "('broken', 'no_such_module:Nothing')" in proc.stdout and "('srt', 'diglot.exporters.subtitles.srt:SrtExporter')" in proc.stdout
    assert "same True" in proc.stdout


def test_entry_points_are_listed_here_when_the_child_fails_or_cannot_be_made(tmp_path):
    _broken_plugin(tmp_path)
    script = (
        "import os\nfrom diglot import exporters\n"
        "pid = os.fork()\n"
        "if pid == 0:\n    os._exit(1)\n"  # a child that dies before answering
        "r, w = os.pipe()\nos.close(w)\n"
        "exporters._LISTING.append((pid, r))\n"
        "print('after a failed child', 'broken' in exporters.available())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert "after a failed child True" in proc.stdout
    script = (
        "import os\nfrom diglot import exporters\n"
        "def no_fork():\n    raise OSError('no processes')\n"
        "os.fork = no_fork\n"
        "print('without fork', exporters.discover_in_background(), 'broken' in exporters.available())\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert "without fork False True" in proc.stdout


def test_to_all_with_a_broken_plugin_is_still_a_usage_error(tmp_path):
    """A plug-in found by the listing child is loaded here like any other: a broken one fails the set-up in one line."""
    _broken_plugin(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "diglot", "export", str(PAIRED_SEED), "--to", "all", "-o", str(tmp_path / "o")],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 2 and "export format 'broken' failed to load" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
