"""Progress of long work: a bar on a terminal (tqdm, imported only then), plain lines otherwise.

::

    with Progress(total=200, desc="export", verbosity=NORMAL) as progress:
        progress.line("wrote out/talk.srt")   # printed above the bar, or as a plain line
        progress.advance()

Verbosity: ``QUIET`` prints nothing but what is passed to :meth:`Progress.error`;
``NORMAL`` adds a bar when the stream is a terminal and there is more than
one step; ``VERBOSE`` adds what :meth:`Progress.detail` is given and, when the
stream is not a terminal, plain progress lines (every tenth of the way).

Long steps inside one document (retiming, media alignment) report through
:func:`task`, which shows what :func:`configure` allows: nothing by default
(library use), what the CLI's ``--quiet``/``--verbose`` ask for when it runs
one document (with many, the documents' own bar is the progress)::

    with task(len(units), "aligning to audio", "sentence") as progress:
        for unit in units:
            ...
            progress.advance()
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2


class Progress:
    def __init__(
        self, total: int, desc: str = "", verbosity: int = NORMAL, stream: TextIO | None = None, out: TextIO | None = None, unit: str = "doc", plain: bool = False
    ) -> None:
        self.total = total
        self.desc = desc
        self.unit = unit
        self.verbosity = verbosity
        self.stream = stream if stream is not None else sys.stderr
        self.out = out if out is not None else sys.stdout
        self.done = 0
        self._bar: Any = None
        self._plain_at = 0  # the last tenth reported as a plain line (plain mode)
        terminal = _is_terminal(self.stream)
        if verbosity >= NORMAL and total > 1 and terminal:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=unit, file=self.stream, leave=False, dynamic_ncols=True)
        self._plain = plain and verbosity >= VERBOSE and total > 1 and not terminal

    @property
    def bar(self) -> bool:
        """Whether a progress bar is shown (a terminal): then plain per-step lines are left out."""
        return self._bar is not None

    def _print(self, text: str, stream: TextIO) -> None:
        if self._bar is not None:
            self._bar.write(text, file=stream)
        else:
            print(text, file=stream, flush=True)

    def line(self, text: str) -> None:
        """A line of normal output (stdout)."""
        if self.verbosity >= NORMAL:
            self._print(text, self.out)

    def warning(self, text: str) -> None:
        if self.verbosity >= NORMAL:
            self._print(text, self.stream)

    def detail(self, text: str) -> None:
        if self.verbosity >= VERBOSE:
            self._print(text, self.out)

    def error(self, text: str) -> None:
        """Always printed (stderr)."""
        self._print(text, self.stream)

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self._bar is not None:
            self._bar.update(steps)
        elif self._plain:
            tenth = self.done * 10 // self.total
            if tenth > self._plain_at:
                self._plain_at = tenth
                print(f"{self.desc}: {self.done}/{self.total} {self.unit}s ({tenth * 10}%)", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_task_verbosity = QUIET


def configure(verbosity: int) -> None:
    """What :func:`task` shows from now on in this process (and the workers it forks): QUIET, NORMAL or VERBOSE."""
    global _task_verbosity
    _task_verbosity = verbosity


def task(total: int, desc: str, unit: str) -> Progress:
    """Progress of one long step (*total* units of *unit*): a bar on a terminal, plain lines when verbose."""
    return Progress(total, desc, _task_verbosity, unit=unit, plain=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
