"""The README is a short front door whose links work, and the docs/ site builds with
``mkdocs build --strict`` (so a broken link or anchor fails CI), with option tables that
come from the exporters' own Options dataclasses."""

from __future__ import annotations

import dataclasses
import html
import importlib.util
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from .conftest import ROOT

README = ROOT / "README.md"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        cwd=config.parent,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = _build(ROOT / "mkdocs.yml", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines; move detail into docs/"


def test_readme_links_point_to_files_that_exist():
    text = README.read_text(encoding="utf-8")
    targets = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t) and not t.startswith("#")]
    assert targets, "the README links into docs/"
    missing = [t for t in targets if not (ROOT / t.split("#")[0]).exists()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_readme_shows_the_test_command_ci_runs():
    """.ci/run runs the README's test command verbatim; they must not drift apart."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if "pytest" in line and not line.lstrip().startswith("#")]
    assert len(commands) == 1, commands
    assert commands[0].strip() in README.read_text(encoding="utf-8").splitlines()


def _main_text(page: Path) -> str:
    return page.read_text(encoding="utf-8").split('role="main"', 1)[1]


def _sections(page: Path) -> dict[str, str]:
    """The HTML under each <h2> of a built page, keyed by the heading's text."""
    parts = re.split(r"<h2[^>]*>", _main_text(page))[1:]
    found = {}
    for part in parts:
        heading, _, body = part.partition("</h2>")
        found[html.unescape(re.sub(r"<[^>]+>", "", heading)).replace("¶", "").strip()] = body
    return found


def test_site_builds_strict_with_every_builtin_option_from_the_code(site):
    from diglot import exporters

    sections = _sections(site / "options" / "index.html")
    builtin = [n for n in exporters.available() if exporters.get(n).__module__.startswith("diglot.")]
    assert set(builtin) <= set(sections), sorted(sections)
    for name in builtin:
        body = sections[name]
        options = exporters.get(name).Options
        hints = typing.get_type_hints(options)
        for f in dataclasses.fields(options):
            option = f.name.replace("_", "-")
            assert f"<td><code>{option}</code></td>" in body, f"{name}.{option} missing from the options page"
            literal = [a for a in (hints[f.name], *typing.get_args(hints[f.name])) if typing.get_origin(a) is typing.Literal]
            choices = f.metadata.get("choices") or (typing.get_args(literal[0]) if literal else ())
            for choice in choices:
                assert f"<code>{html.escape(str(choice))}</code>" in body, f"{name}.{option} choice {choice!r}"


def test_cli_page_has_the_help_of_every_command(site):
    from diglot.cli import cli

    sections = _sections(site / "cli" / "index.html")
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"diglot {name}" in sections, sorted(sections)
        assert "Usage: diglot " + name in html.unescape(sections[f"diglot {name}"])


def test_every_page_in_docs_is_built(site):
    pages = [p.relative_to(ROOT / "docs").with_suffix("") for p in (ROOT / "docs").rglob("*.md")]
    for page in pages:
        built = site / ("index.html" if page.name == "index" else page / "index.html")
        assert built.exists(), f"docs/{page}.md was not built"


def test_strict_build_fails_on_a_broken_link(tmp_path):
    """The guard works: a copy of the site with one dead link does not build."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    with open(tmp_path / "docs" / "index.md", "a", encoding="utf-8") as fh:
        fh.write("\nSee [the missing page](no-such-page.md).\n")
    proc = _build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode != 0
    assert "no-such-page.md" in proc.stdout + proc.stderr


def test_pages_missing_from_the_nav_are_added_under_more(tmp_path):
    spec = importlib.util.spec_from_file_location("diglot_docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec and spec.loader
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    for name in ("index.md", "listed.md", "new-topic.md", "sub/deep.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    nav = [{"Home": "index.md"}, {"Guide": [{"Listed": "listed.md"}]}]
    config = hooks.on_config({"nav": nav, "docs_dir": str(tmp_path)})
    assert config["nav"][-1] == {"More": ["new-topic.md", "sub/deep.md"]}
