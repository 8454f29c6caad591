"""Entry points read without importlib.metadata (:mod:`diglot.entrypoints`): the same pairs, in the same order."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.metadata import entry_points as metadata_entry_points
from pathlib import Path

import pytest

from diglot import entrypoints
from diglot.entrypoints import entry_points

GROUP = "diglot.exporters"


def expected(group: str) -> list[tuple[str, str]]:
    return [(ep.name, ep.value) for ep in metadata_entry_points(group=group)]


def dist(root: Path, dirname: str, entry_points_txt: str | None) -> None:
    d = root / dirname
    d.mkdir(parents=True)
    name = dirname.rsplit(".", 1)[0].split("-")[0]
    (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    if entry_points_txt is not None:
        (d / "entry_points.txt").write_text(entry_points_txt, encoding="utf-8")


def test_the_installed_packages_give_what_importlib_metadata_gives():
    assert entry_points(GROUP) == expected(GROUP)
    assert ("json", "diglot.exporters.json:JsonExporter") in entry_points(GROUP)
    for group in ("console_scripts", "pytest11", "no.such.group"):
        assert entry_points(group) == expected(group)


def test_layouts_and_spellings_give_what_importlib_metadata_gives(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    dist(first, "plug_a-1.0.dist-info", f"# a comment\n\n[{GROUP}]\n  md = plug_a.md:Md  \nweird=  a = b \n[other]\nx = y\n")
    dist(first, "Plug.B-2.0.dist-info", f"[{GROUP}]\nb = plug_b:B\n")
    dist(first, "plug_c-1.0.egg-info", f"[{GROUP}]\nc = plug_c:C\n")
    dist(first, "nothing-1.0.dist-info", None)  # no entry_points.txt
    (first / "old_style.egg-info").write_text("Metadata-Version: 1.0\nName: old-style\n", encoding="utf-8")  # a file
    (first / "plug_d.py").write_text("", encoding="utf-8")
    dist(second, "plug_a-9.0.dist-info", f"[{GROUP}]\nmd = shadowed:Md\n")  # the first on sys.path wins
    dist(second, "PLUG_b-3.0.dist-info", f"[{GROUP}]\nb = shadowed:B\n")  # the same project, spelt otherwise
    dist(second, "plug_e-1.0.dist-info", f"x = before any group\n[{GROUP}]\nmd = plug_e:Md\n")  # two of one name
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    got = list(entrypoints._scan(GROUP))  # read here, not asked of importlib.metadata
    assert got == entry_points(GROUP) == expected(GROUP)
    assert sorted(got) == sorted([("md", "plug_a.md:Md"), ("weird", "a = b"), ("b", "plug_b:B"), ("c", "plug_c:C"), ("md", "plug_e:Md")])


@pytest.mark.parametrize("case", ["zip", "suffix", "no-equals", "egg"])
def test_what_it_does_not_mirror_is_asked_of_importlib_metadata(case, tmp_path, monkeypatch):
    root = tmp_path / "site"
    dist(root, "plug_a-1.0.dist-info", f"[{GROUP}]\nmd = plug_a:Md\n")
    path = [str(root)]
    if case == "zip":
        archive = tmp_path / "bundle.zip"
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("plug_z-1.0.dist-info/entry_points.txt", f"[{GROUP}]\nz = plug_z:Z\n")
            z.writestr("plug_z-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: plug_z\nVersion: 1.0\n")
        path.insert(0, str(archive))
    elif case == "suffix":
        dist(root, "Plug_Up-1.0.DIST-INFO", f"[{GROUP}]\nup = plug_up:Up\n")
    elif case == "no-equals":
        dist(root, "plug_n-1.0.dist-info", f"[{GROUP}]\nno equals sign here\n")
    else:
        dist(tmp_path / "plug_g-1.0.egg", "EGG-INFO", None)
        path.append(str(tmp_path / "plug_g-1.0.egg"))
    monkeypatch.setattr(sys, "path", path)
    with pytest.raises(entrypoints._Unsure):
        list(entrypoints._scan(GROUP))
    if case == "no-equals":  # importlib.metadata fails on such a file: so does the fallback, the same way
        with pytest.raises(TypeError):
            expected(GROUP)
        with pytest.raises(TypeError):
            entry_points(GROUP)
        return
    assert entry_points(GROUP) == expected(GROUP)
    if case == "zip":
        assert ("z", "plug_z:Z") in entry_points(GROUP)


def test_another_distribution_finder_is_asked_through_importlib_metadata(monkeypatch):
    class Finder:
        @staticmethod
        def find_spec(*_args: object) -> None:
            return None

        @staticmethod
        def find_distributions(*_args: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [Finder, *sys.meta_path])
    with pytest.raises(entrypoints._Unsure):
        list(entrypoints._scan(GROUP))
    assert entry_points(GROUP) == expected(GROUP)


def test_listing_every_format_imports_no_importlib_metadata():
    """``--to all`` and ``diglot formats`` list third-party exporters without importlib.metadata (40-60 ms)."""
    code = "import sys\nfrom diglot import exporters\nexporters.available()\nprint('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]
