"""Progress of long steps inside one document (retiming, media alignment): what each verbosity shows."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from diglot import progress
from diglot.cli import cli

FIXTURES = Path(__file__).parent / "timing" / "fixtures"


def test_a_task_is_silent_for_library_use_and_plain_lines_when_verbose_off_a_terminal(capsys):
    progress.configure(progress.QUIET)
    with progress.task(20, "aligning", "sentence") as p:
        for _ in range(20):
            p.advance()
    assert capsys.readouterr().err == ""
    progress.configure(progress.NORMAL)  # not a terminal: no bar, no lines
    with progress.task(20, "aligning", "sentence") as p:
        p.advance(20)
    assert capsys.readouterr().err == ""
    progress.configure(progress.VERBOSE)
    try:
        with progress.task(20, "aligning", "sentence") as p:
            for _ in range(20):
                p.advance()
    finally:
        progress.configure(progress.QUIET)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "aligning: 2/20 sentences (10%)" and lines[-1] == "aligning: 20/20 sentences (100%)" and len(lines) == 10


def test_retiming_reports_its_steps_with_verbose_and_nothing_with_quiet(tmp_path):
    args = ["export", str(FIXTURES / "talk.txt"), "--to", "srt", "--timing-from", str(FIXTURES / "captions.json3"), "-o", str(tmp_path)]
    try:
        verbose = CliRunner().invoke(cli, [*args, "--verbose", "--force"])
        quiet = CliRunner().invoke(cli, [*args, "--quiet", "--force"])
    finally:
        progress.configure(progress.QUIET)
    assert verbose.exit_code == 0 and quiet.exit_code == 0
    assert "retiming to captions.json3: 4/4 steps (100%)" in verbose.output
    assert "retiming to" not in quiet.output
