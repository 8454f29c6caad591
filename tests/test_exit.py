"""How the ``diglot`` process ends: with its exit code and every output, without the interpreter's teardown.

:func:`diglot.cli.main` registers the last exit handler, which flushes the
standard streams and leaves with ``os._exit`` once the command chose its code
(see ``cli._leave``). These run the real entry point in a child process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from diglot.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = next((ROOT / "seeds").glob("002_*.txt"))


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args], capture_output=True, text=True, timeout=120)


def test_the_output_is_complete_and_the_codes_are_kept() -> None:
    done = subprocess.run([sys.executable, "-m", "diglot", "inspect", str(SEED_002)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stdout == CliRunner().invoke(cli, ["inspect", str(SEED_002)]).stdout
    assert done.stdout.count("\n") > 20
    missing = subprocess.run([sys.executable, "-m", "diglot", "inspect", "/no/such/file.txt"], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "/no/such/file.txt" in missing.stderr
    usage = subprocess.run([sys.executable, "-m", "diglot", "export", "--no-such-flag"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "--no-such-flag" in usage.stderr


def test_handlers_registered_during_the_run_still_run(tmp_path: Path) -> None:
    # a temporary folder made during the command is removed by its exit handler (weakref.finalize),
    # and a handler registered during the command runs, before the process leaves
    script = """
        import atexit, sys, tempfile
        from pathlib import Path
        from diglot import cli
        marker, record = Path(sys.argv[1]), Path(sys.argv[2])
        command = cli.cli

        def wrapped(*args, **kwargs):
            scratch = tempfile.TemporaryDirectory(dir=marker.parent)
            record.write_text(scratch.name)
            atexit.register(lambda: marker.write_text("ran"))
            return command(*args, **kwargs)

        cli.cli = wrapped
        sys.argv = ["diglot", "formats"]
        cli.main()
    """
    marker, record = tmp_path / "marker", tmp_path / "scratch"
    done = _run(script, str(marker), str(record))
    assert done.returncode == 0, done.stderr
    assert "Input formats" in done.stdout
    assert marker.read_text() == "ran"
    assert not Path(record.read_text()).exists()


def test_the_teardown_is_skipped_once_the_code_is_chosen(tmp_path: Path) -> None:
    # an object's __del__ left to the interpreter's teardown does not run (that teardown is what is
    # saved); the same script leaving without main() runs it, so the check can fail
    script = """
        import sys
        from diglot import cli

        class Left:
            def __init__(self, path, opener):
                self.path, self.opener = path, opener  # kept here: globals may be gone at teardown

            def __del__(self):
                with self.opener(self.path, "w") as f:
                    f.write("torn down")

        kept = Left(sys.argv[1], open)
        sys.argv = ["diglot", "formats"]
        if "{mode}" == "main":
            cli.main()
        sys.exit(0)
    """
    for mode, expected in (("main", False), ("plain", True)):
        marker = tmp_path / f"torn-{mode}"
        done = _run(script.replace("{mode}", mode), str(marker))
        assert done.returncode == 0, done.stderr
        assert marker.exists() is expected, mode
