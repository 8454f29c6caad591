"""The benchmarks are not timed tests, but they must keep working: each one imports."""

from __future__ import annotations

import importlib.util

import pytest

from .conftest import ROOT

BENCHMARKS = sorted((ROOT / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("path", BENCHMARKS, ids=[p.stem for p in BENCHMARKS])
def test_benchmark_imports(path):
    spec = importlib.util.spec_from_file_location(f"benchmark_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # runs the imports and definitions, not main()
    assert callable(getattr(module, "main", None)), f"{path.name} has no main()"


def _suite():
    spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_suite_inputs_are_real_documents(tmp_path):
    """The 3-hour talk is one document with seed 002's turns five times; archive copies differ and still read."""
    import diglot

    suite = _suite()
    talk = tmp_path / "talk.txt"
    talk.write_text(suite.long_talk(5), encoding="utf-8")
    assert len(diglot.load(talk).segments) == 5 * len(diglot.load(suite.SEED_002).segments)
    texts = set()
    for n, seed in enumerate(suite.SEEDS * 2):
        path = tmp_path / f"copy{n}.txt"
        path.write_text(suite.archive_copy(seed, n), encoding="utf-8")
        doc = diglot.load(path)
        assert f"No. {n}" in doc.title
        assert doc.segments[0].source.startswith(f"Episode {n}.") and doc.segments[0].target.startswith(f"第{n}集。")
        texts.add(path.read_text(encoding="utf-8"))
    assert len(texts) == 2 * len(suite.SEEDS)
    markdown = suite.markdown_for_pandoc(suite.SEED_002)
    assert markdown.count("\n# ") == 12 and "你知道什么事最疯狂吗" in markdown and "You know what's crazy?" in markdown


def test_the_epub_floor_writes_a_real_book(tmp_path):
    """The floor the suite prints beside the EPUB target is a whole book that ebooklib reads back."""
    import subprocess
    import sys

    from ebooklib import epub

    out = tmp_path / "floor.epub"
    subprocess.run([sys.executable, "-c", _suite().EPUB_FLOOR, str(out)], check=True)
    book = epub.read_epub(str(out))
    pages = [item for item in book.get_items() if item.file_name == "one.xhtml"]
    assert len(pages) == 1 and "一段。" in pages[0].get_content().decode("utf-8")


def test_the_build_probe_describes_this_interpreter():
    """run.py and interpreters.py print how each interpreter was built; the probe runs in any CPython."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _suite().BUILD_PROBE], capture_output=True, text=True, check=True).stdout
    assert out.startswith(f"Python {sys.version.split()[0]} at {sys.executable}; libpython ")
    assert ("libpython shared" in out) == any("libpython" in line for line in open("/proc/self/maps"))
