"""The one registry pattern behind readers, exporters and timed-reference formats."""

from __future__ import annotations

import subprocess
import sys

import pytest

from diglot import exporters, readers
from diglot.errors import InputError, OptionError
from diglot.registry import Entry, Registry
from diglot.timing import references


class _LoadError(OptionError):
    pass


def test_register_list_describe_and_get_import_only_what_is_asked():
    reg: Registry[object] = Registry("thing", discover=lambda: [Entry("b", "json:loads", "from discovery"), Entry("b", "json:dumps")])
    reg.register("a", "json:dumps", "dumps")
    reg.register("c", "csv", "a module")
    reg.register("ghost", "no_such_module_here", "listed and described, never imported")
    # registered names first, in their order, then the discovered ones
    assert reg.names() == ["a", "c", "ghost", "b"] and reg.describe("b") == "from discovery"
    assert reg.describe("ghost").startswith("listed") and "ghost" in reg and "d" not in reg
    assert reg.get("b").__name__ == "loads"  # of two discovered entries with one name, the first
    assert reg.get("c") is sys.modules["csv"]
    with pytest.raises(OptionError, match=r"^unknown thing 'd' \(available: a, c, ghost, b\)$"):
        reg.get("d")


def test_detect_accepts_a_single_claimant_only():
    reg: Registry[str] = Registry("thing", error=InputError, listing="known")
    reg.register("upper", "string:ascii_uppercase")
    reg.register("lower", "string:ascii_lowercase")
    sniff = lambda letters, text: any(ch in letters for ch in text)  # noqa: E731
    none = lambda: InputError("nobody")  # noqa: E731
    several = lambda names: InputError(" or ".join(names))  # noqa: E731
    assert reg.detect("abc", sniff, none=none, several=several) == "lower"
    with pytest.raises(InputError, match="^upper or lower$"):
        reg.detect("aB", sniff, none=none, several=several)
    with pytest.raises(InputError, match="^nobody$"):
        reg.detect("123", sniff, none=none, several=several)
    with pytest.raises(InputError, match=r"\(known: upper, lower\)"):
        reg.entry("digits")


def test_a_broken_target_is_one_line_when_the_registry_says_so():
    reg: Registry[object] = Registry("plug-in", load_error=_LoadError)
    reg.register("broken", "no_such_module_here:Thing")
    with pytest.raises(_LoadError, match="^plug-in 'broken' failed to load: ModuleNotFoundError: "):
        reg.get("broken")
    strict: Registry[object] = Registry("plug-in")
    strict.register("broken", "no_such_module_here:Thing")
    with pytest.raises(ModuleNotFoundError):
        strict.get("broken")


def test_the_three_registries_share_it_and_list_without_importing():
    assert isinstance(readers.READERS, Registry) and isinstance(exporters.EXPORTERS, Registry) and isinstance(references.FORMATS, Registry)
    assert readers.available() == ["json", "paired", "frontmatter", "subtitles", "subtitle-pair"]
    assert readers.describe("paired").startswith("paired paragraphs")
    assert list(references.formats()) == ["json3", "whisper", "youtube-vtt", "vtt", "srt"]
    assert exporters.target("srt").startswith("diglot.exporters.subtitles")
    with pytest.raises(InputError, match="unknown input format 'doc'"):
        readers.get("doc")
    with pytest.raises(OptionError, match=r"unknown reference format ' MP4' \(known: json3,"):
        references.loads_reference("x", ref_format=" MP4")


def test_formats_lists_every_registry_without_importing_a_reader_or_a_format():
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom diglot.cli import cli\n"
        "r = CliRunner().invoke(cli, ['formats'])\nassert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.startswith(('diglot.readers.', 'diglot.timing.references.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['diglot.timing.references.base']"
