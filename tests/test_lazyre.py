"""Patterns compiled on first use (:mod:`diglot.lazyre`): nothing compiled before, the same matches after."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from diglot.lazyre import lazy

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FRONTMATTER_SEED = next(SEEDS.glob("002_*.txt"))

SAMPLES = ["", "Mr. Smith went home. He slept.", "U.S. policy… And then?", "他说：“好的。”然后走了。", "a\n\n b", "e.g. x"]


def test_a_lazy_pattern_is_compiled_by_its_first_call_only(monkeypatch):
    compiled: list[str] = []
    real = re.compile

    def counting(pattern, flags=0):
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    word = lazy(r"(?:[.!?…]+)[\"')]*(?=\s+\S)")
    assert not word.compiled and compiled == []
    first = word()
    assert word.compiled and compiled == [word.pattern]
    assert word() is first and compiled == [word.pattern]  # later calls reuse it


def test_a_lazy_pattern_matches_like_the_eager_one():
    for source, flags in [(r"(?:[.!?…]+)[\"')]*(?=\s+\S)", 0), (r"<br\s*/?>", re.IGNORECASE), (r"\n[ \t]*\n\s*", 0)]:
        eager = re.compile(source, flags)
        pattern = lazy(source, flags)()
        assert pattern.flags == eager.flags and pattern.pattern == eager.pattern
        for text in [*SAMPLES, "a<BR/>b<br >c"]:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in eager.finditer(text)]
            assert pattern.split(text) == eager.split(text)


def test_inspect_of_a_transcript_compiles_only_the_patterns_it_uses():
    """Start-up: ``inspect`` of seed 002 compiles none of the sentence splitter's patterns, the inline Markdown
    rules its text does not hold, nor the Han classes of unbolded labels (no line there needs them)."""
    script = (
        "import sys\n"
        f"sys.argv = ['diglot', 'inspect', {str(FRONTMATTER_SEED)!r}]\nfrom diglot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from diglot.lazyre import LazyPattern\n"
        "for module in [m for n, m in sorted(sys.modules.items()) if n.startswith('diglot')]:\n"
        "    for name, value in sorted(vars(module).items()):\n"
        "        if isinstance(value, LazyPattern):\n"
        "            print(module.__name__ + '.' + name, value.compiled)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    state = dict(line.rsplit(" ", 1) for line in proc.stdout.splitlines() if line.startswith("diglot.") and " " in line)
    # the sentence splitter: not compiled, nor (since the pairing check reads diglot.align.scoring) even imported
    assert state.get("diglot.lang.sentences._EN_BOUNDARY", "not imported") in ("False", "not imported")
    assert state.get("diglot.lang.sentences.ENGLISH_END", "not imported") in ("False", "not imported")
    assert state["diglot.readers.labels._PLAIN_LABEL"] == "False"
    assert state["diglot.readers.labels._PLAIN_LABEL_NO_HAN"] == "True"  # five English lines with a colon
    assert state["diglot.readers.markup._TAG"] == "False"
    assert "diglot.readers.headings._SENTENCE_END" not in state  # no glued heading: the module is not imported
