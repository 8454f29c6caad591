"""One document's formats on several cores: exporters split into groups, the other groups in forked children.

A run of one document with ``--to all`` has nothing for ``--jobs`` to share
out between documents, yet its exporters are independent once the document is
prepared. :func:`share_out` puts exporters that share work in one group (the
subtitle formats share their cues, the CSV and ``.apkg`` their deck: same
package, same group), balances the groups over the workers, and
:func:`fork_map` runs every share but the first in a forked child (which
starts with the prepared document in memory), the first in this process.

Only where ``os.fork`` exists; elsewhere, and for one worker, everything runs
here, in order. The bytes written are the same either way: each exporter
renders the same prepared document.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork")


def _family(exporter: Any) -> str:
    """Exporters of one package share memoised work (cues, deck)."""
    module = type(exporter).__module__
    return module.rsplit(".", 1)[0] if module.count(".") >= 2 else module


#: About what each built-in exporter costs, relative (CPU seconds of each in a ``--to all`` run
#: of the 3-hour talk, 2026-12-02: the subtitle formats share one cue build, about 3 s for the
#: three; the CSV and ``.apkg`` one deck). Only the balance of the shares depends on it, never
#: the bytes; another exporter counts as 1.
COST = {"srt": 1.0, "vtt": 1.0, "ass": 1.0, "anki": 0.6, "apkg": 0.4, "docx": 0.35, "json": 0.2, "epub": 0.15}


def share_out(exporters: Sequence[Any], workers: int) -> list[list[int]]:
    """Indexes of *exporters* in at most *workers* shares, exporters of one family in one share.

    Families (their cost: the sum of their exporters' :data:`COST`) are placed
    dearest first on the share that costs least so far (ties: the earliest), so
    the dearest family comes first and runs in this process; each share keeps
    the exporters' own order. On two cores ``--to all`` gives the subtitle
    formats a process of their own and the rest the other.
    """
    families: dict[str, list[int]] = {}
    for i, exporter in enumerate(exporters):
        families.setdefault(_family(exporter), []).append(i)

    def cost(members: list[int]) -> float:
        return sum(COST.get(getattr(exporters[i], "name", ""), 1.0) for i in members)

    count = max(1, min(workers, len(families)))
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for members in sorted(families.values(), key=lambda m: (-cost(m), m[0])):
        k = min(range(count), key=lambda j: loads[j])
        shares[k].extend(members)
        loads[k] += cost(members)
    return [sorted(s) for s in shares if s]


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Rendering with what exists now (the prepared document, dictionaries, modules) out of the
    cyclic garbage collector's sight (:func:`gc.freeze`), put back after.

    Rendering allocates many small objects, and each full collection walked the whole heap,
    the dictionaries included: on the 3-hour talk about a quarter of the subtitle formats'
    CPU time. Frozen objects are still freed by reference counting; only cycles among them
    wait for the thaw. A forked child also leaves the frozen pages unwritten (no
    copy-on-write of objects the collector would have touched).
    """
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def fork_map(fn: Callable[[T], Any], items: Sequence[T]) -> list[Any]:
    """``[fn(item) for item in items]``, every item but the first in a forked child.

    A child's result comes back pickled through a pipe; an exception in a
    child is raised here as :class:`ChildFailed` naming it, and a child that
    dies (killed, out of memory) too. If this process is interrupted, the
    children are terminated.
    """
    if len(items) <= 1 or not can_fork():
        return [fn(item) for item in items]
    children: list[tuple[int, int]] = []
    try:
        for item in items[1:]:
            children.append(_spawn(fn, item))
        results = [fn(items[0])]
        for pid, fd in children:
            results.append(_collect(pid, fd))
        children.clear()
        return results
    finally:
        for pid, fd in children:  # interrupted: stop the rest
            _stop(pid, fd)


class ChildFailed(Exception):
    """A forked child raised or died; the message says how."""


def _spawn(fn: Callable[[Any], Any], item: Any) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:  # parent
        os.close(write_end)
        return pid, read_end
    os.close(read_end)  # child: run, send, leave without the parent's clean-up (atexit, buffered files)
    status = 0
    try:
        try:
            payload = pickle.dumps((True, fn(item)))
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            status = 1
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)


def _collect(pid: int, fd: int) -> Any:
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        code = os.waitstatus_to_exitcode(status)
        raise ChildFailed(f"worker process ended without a result ({'signal ' + str(-code) if code < 0 else 'exit ' + str(code)})")
    ok, value = pickle.loads(data)
    if not ok:
        raise ChildFailed(value)
    return value


def _stop(pid: int, fd: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    try:
        os.close(fd)
    except OSError:
        pass
