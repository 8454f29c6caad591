"""The ``diglot`` command's process: the console script and ``python -m diglot`` start here.

Automatic garbage collection is turned off before the command line and its
libraries are imported (see :mod:`diglot.garbage`); then the command runs.
"""

from __future__ import annotations

from .garbage import command_mode


def main() -> None:
    command_mode()
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
