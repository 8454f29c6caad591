"""What a diglot command spends on fixed start-up work: each regular expression compiled, each dataclass created, each module imported.

    python benchmarks/startup_costs.py inspect seeds/002_*.txt
    python benchmarks/startup_costs.py export seeds/002_*.txt --to epub -o /tmp/out -q --force
    python benchmarks/startup_costs.py --top 20 export /tmp/talk/long5.txt --to all -o /tmp/out -q --force
    python benchmarks/startup_costs.py --src /other/checkout/src inspect seeds/002_*.txt

Runs ``diglot ARGS...`` once, in a child process of this Python (diglot
byte-compiled first and the child run without ``PYTHONDONTWRITEBYTECODE``, as
installed; ``--src`` runs another checkout's ``src``), with three probes:

* ``re._compiler.compile`` wrapped with a timer: every pattern compiled (the
  ``re`` module's cache and ``diglot.lazyre`` call it once per pattern), with
  the module and line that asked for it (the first frame outside ``re``,
  ``functools`` and ``diglot.lazyre``);
* ``dataclasses._process_class`` wrapped with a timer: every dataclass created
  (the ``exec`` of its generated ``__init__``, ``__repr__``, ``__eq__``...),
  and how many instances of it the command made (calls of its ``__init__``,
  counted by a wrapper the probe puts around it: so a dataclass's creation
  time here includes the wrapping, and unpickled instances are not counted);
* ``sys.modules`` at the end, against a child that only imports click: the
  modules the command imported beyond the interpreter and click.

Only what happens in the process that started counts, and when it forks
(``--to all`` of one document: the long document's aligning child, then the
formats' fork) only what it did until its last fork: the start-up, the
exporters' set-up, reading, aligning and timing, before the formats are
shared out.
Times are ``time.perf_counter`` around each call (a shared machine makes each
one noisy; the counts and the lists are exact). Prints the totals, then the
``--top`` dearest patterns and dataclasses, then the imported modules.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import as_installed, child_env  # noqa: E402

CHILD = r"""
import json, os, sys, time
perf = time.perf_counter
start_modules = set(sys.modules)
import re, re._compiler, dataclasses
events = []  # (kind, seconds, what, where)
state = {"forked": False, "pid": os.getpid()}
SKIP = ("/re/", "/functools.py", "/diglot/lazyre.py", "/enum.py", "/dataclasses.py", "<frozen")

def where():
    frame = sys._getframe(2)
    while frame is not None and any(s in frame.f_code.co_filename for s in SKIP):
        frame = frame.f_back
    if frame is None:
        return "?"
    name = frame.f_globals.get("__name__", "?")
    return f"{name}:{frame.f_lineno}"

real_compile = re._compiler.compile
def compile_(p, flags=0):
    t = perf(); r = real_compile(p, flags); t = perf() - t
    if os.getpid() == state["pid"]:
        events.append(("re", t, str(p if isinstance(p, (str, bytes)) else getattr(p, "pattern", p)), where()))
    return r
re._compiler.compile = compile_

real_process = dataclasses._process_class
made = {}  # dataclass name -> instances made (calls of its __init__) in this process
def process(cls, *a, **k):
    t = perf(); r = real_process(cls, *a, **k); t = perf() - t
    name = f"{cls.__module__}.{cls.__qualname__}"
    if os.getpid() == state["pid"]:
        events.append(("dataclass", t, name, where()))
        made[name] = 0
        init = r.__init__
        def counted(self, *args, __init=init, __name=name, **kwargs):
            if os.getpid() == state["pid"]:
                made[__name] += 1
            __init(self, *args, **kwargs)
        r.__init__ = counted
    return r
dataclasses._process_class = process

def report():
    if os.getpid() != state["pid"]:
        return
    modules = sorted(set(sys.modules) - start_modules)
    with open(os.environ["STARTUP_COSTS_OUT"], "w") as fh:
        json.dump({"events": events, "modules": modules, "forked": state["forked"], "made": made}, fh)

real_fork = os.fork
def fork():
    if os.getpid() == state["pid"]:
        state["forked"] = True
        report()  # everything until the last fork, this one included
    return real_fork()
os.fork = fork

real_exit = os._exit
def exit_(code):
    if not state["forked"]:
        report()
    real_exit(code)
os._exit = exit_

sys.argv = ["diglot"] + sys.argv[1:]
from diglot.__main__ import main  # the console script's start (garbage collection off: diglot.garbage)
try:
    main()
finally:
    if not state["forked"]:
        report()
"""


def run_child(py: str, args: list[str], env: dict[str, str]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = fh.name
    env = {**env, "STARTUP_COSTS_OUT": out}
    subprocess.run([py, "-c", CHILD, *args], env=env, stdout=subprocess.DEVNULL, check=False)
    with open(out, encoding="utf-8") as fh:
        data = json.load(fh)
    os.unlink(out)
    return data


def click_modules(py: str, env: dict[str, str]) -> set[str]:
    code = "import sys; s=set(sys.modules); import click; print('\\n'.join(sorted(set(sys.modules)-s)))"
    return set(subprocess.run([py, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=40, help="how many of the dearest patterns and dataclasses to list (default 40)")
    ap.add_argument("--src", metavar="SRC", help="another checkout's src directory to measure instead of this one")
    ap.add_argument("--all-modules", action="store_true", help="list every module imported beyond click's, not only those outside diglot")
    ap.add_argument("args", nargs=argparse.REMAINDER, help="the diglot command line")
    opts = ap.parse_args()
    if not opts.args:
        ap.error("give a diglot command line, e.g. inspect seeds/002_*.txt")
    as_installed(*([opts.src] if opts.src else []))
    env = child_env(opts.src)
    data = run_child(sys.executable, opts.args, env)
    events = data["events"]
    patterns = [e for e in events if e[0] == "re"]
    classes = [e for e in events if e[0] == "dataclass"]
    extra = [m for m in data["modules"] if m not in click_modules(sys.executable, env)]
    print(f"diglot {' '.join(opts.args)}" + (f"   (PYTHONPATH={opts.src})" if opts.src else ""))
    print("(the first process only, until its last fork)" if data["forked"] else "(the whole process)")
    print(f"  regular expressions compiled: {len(patterns):4d}   {sum(e[1] for e in patterns) * 1000:6.1f} ms")
    print(f"  dataclasses created:          {len(classes):4d}   {sum(e[1] for e in classes) * 1000:6.1f} ms")
    print(f"  modules imported beyond click: {len(extra):3d}   ({sum(1 for m in extra if m.split('.')[0] == 'diglot')} of diglot)")
    made = data["made"]
    unused = [e[2] for e in classes if not made.get(e[2])]
    print(f"  dataclasses of which no instance was made: {len(unused)}: {', '.join(unused)}")
    for title, rows in (("patterns", patterns), ("dataclasses", classes)):
        print(f"\ndearest {title} (ms, asked for by, {'instances made, ' if title == 'dataclasses' else ''}what):")
        for _kind, seconds, what, at in sorted(rows, key=lambda e: -e[1])[: opts.top]:
            shown = " ".join(what.split()).encode("utf-8", "backslashreplace").decode("utf-8")
            count = f"{made.get(what, 0):6d}  " if title == "dataclasses" else ""
            print(f"  {seconds * 1000:6.2f}  {at:45} {count}{shown[:90]}")
    shown_modules = extra if opts.all_modules else [m for m in extra if m.split(".")[0] != "diglot"]
    print(f"\nmodules imported beyond click{'' if opts.all_modules else ', outside diglot'} ({len(shown_modules)}):")
    print("  " + " ".join(shown_modules))


if __name__ == "__main__":
    main()
