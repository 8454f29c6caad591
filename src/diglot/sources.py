"""Finding the documents of a batch: files as given, directories searched recursively, standard input, subtitle pairs.

::

    sources, problems = collect(["archive/", "extra.txt", "-"], include=["*.txt"], skip_dir=Path("out"))

Each :class:`Source` carries the output name its document will have
(``OUT/<stem><ext>`` for files named on the command line,
``OUT/<path inside the directory><ext>`` for files found in a directory, so an
archive keeps its layout), decided here before any work starts. Problems
(a missing file, an unreadable directory, a directory where nothing matches)
come back as one-line messages; the rest of the batch goes on.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath


STDIN = "-"
#: Files taken from a directory when no ``--include`` is given: what the readers read.
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.json")


@dataclass(frozen=True)
class Source:
    """One document to convert: where it comes from and where its outputs go (without extension)."""

    path: str  # as given or found; "-" for standard input
    out_stem: str  # POSIX path relative to the output directory, e.g. "2024/talk"
    text: str | None = None  # the content of standard input
    pair: tuple[str, str] | None = None  # two subtitle files of one video, merged (see diglot.load_pair)


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    """Whether POSIX path *rel* (or its file name) matches one of the globs."""
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) or PurePosixPath(rel).match(p) for p in patterns)


def _walk(root: Path, problems: list[str], skip: Path | None) -> Iterator[Path]:
    """Files under *root*, sorted, depth first; unreadable directories reported in *problems*."""

    def on_error(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot read directory ({exc.strerror or exc})")

    for top, dirs, files in os.walk(root, onerror=on_error):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or (here / d).resolve() != skip))
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def collect(
    paths: Sequence[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    skip_dir: Path | None = None,
    stdin: Callable[[], str] | None = None,
    pairs: Sequence[tuple[str, str]] = (),
) -> tuple[list[Source], list[str]]:
    """The documents *paths* name, and one-line problems (missing file, unreadable directory, nothing matched).

    Files are taken as given; directories are searched recursively for files
    matching *include* (default :data:`DEFAULT_INCLUDE`) and not *exclude*
    (globs on the path inside the directory or on the file name); ``-`` reads
    standard input (*stdin*). *skip_dir* (the output directory) is never searched.
    Two subtitle files named on the command line whose names differ only by a
    language tag (talk.en.srt talk.zh.srt), and each of *pairs*, are one document.
    """
    from .fileio import safe_stem
    from .readers.grouping import group_files, title_and_tag

    sources: list[Source] = []
    problems: list[str] = []
    seen: set[Path] = set()
    taken: set[str] = set()
    skip = skip_dir.resolve() if skip_dir is not None else None
    patterns = tuple(include) or DEFAULT_INCLUDE

    def add(path: str, out_stem: str, text: str | None = None) -> None:
        stem, n = out_stem, 1
        while stem in taken:  # two inputs with one name must not overwrite each other
            stem, n = f"{out_stem}-{n}", n + 1
        taken.add(stem)
        sources.append(Source(path, stem, text))

    def add_pair(pair: tuple[str, str]) -> None:
        missing = [p for p in pair if not Path(p).exists()]
        for p in missing:
            problems.append(f"{p}: no such file or directory")
        if not missing:
            add(" + ".join(pair), safe_stem(title_and_tag(Path(pair[0]).name)[0]))
            sources[-1] = replace(sources[-1], pair=pair)

    for group in [*group_files(list(paths)), *pairs]:
        if len(group) == 2:
            add_pair((group[0], group[1]))
            continue
        raw = group[0]
        if raw == STDIN:
            if any(s.path == STDIN for s in sources):
                continue
            read = stdin or (lambda: sys.stdin.read())
            add(STDIN, "stdin", read())
            continue
        path = Path(raw)
        if path.is_dir():
            found = 0
            for file in _walk(path, problems, skip):
                rel = file.relative_to(path).as_posix()
                if not _matches(rel, patterns) or _matches(rel, exclude):
                    continue
                found += 1
                key = file.resolve()
                if key in seen:
                    continue
                seen.add(key)
                parts = PurePosixPath(rel).with_suffix("").parts
                add(str(file), "/".join(safe_stem(p) for p in parts))
            if not found:
                problems.append(f"{raw}: no file matches {', '.join(patterns)}" + (f" (excluding {', '.join(exclude)})" if exclude else ""))
            continue
        if not path.exists():
            problems.append(f"{raw}: no such file or directory")
            continue
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            add(raw, safe_stem(path.stem))
    return sources, problems
