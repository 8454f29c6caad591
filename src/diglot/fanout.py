"""One document's formats on several cores: exporters split into groups, the other groups in forked children.

A run of one document with ``--to all`` has nothing for ``--jobs`` to share
out between documents, yet its exporters are independent once the document is
prepared. :func:`share_out` puts exporters that share work in one group (the
subtitle formats share their cues, the CSV and ``.apkg`` their deck: same
package, same group), balances the groups over the workers, and
:func:`fork_map` runs every share but the first in a forked child (which
starts with the prepared document in memory), the first in this process.

A share can also do part of another's work (:class:`Loan`): an exporter
that offers ``prebuild(doc, part)`` and ``absorb(doc, data)`` (the subtitle
formats: the cues of the sentence pairs in a part of the document) has the
lightest other share's child build the tail of that work, as much as the
cost figures below say balances the shares (:func:`plan_loan`), and ship it
back before rendering its own formats, while this process builds the head.

Only where ``os.fork`` exists; elsewhere, and for one worker, everything runs
here, in order. The bytes written are the same either way: each exporter
renders the same prepared document, and lent work is the same work, done
elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork")


def _family(exporter: Any) -> str:
    """Exporters of one package share memoised work (cues, deck)."""
    module = type(exporter).__module__
    return module.rsplit(".", 1)[0] if module.count(".") >= 2 else module


#: About what each built-in exporter costs, in CPU seconds of a ``--to all`` run of the 3-hour talk
#: (2026-12-02 07:25 UTC, after the cuecpu and sharetwo merges: ``benchmarks/fanout_balance.py
#: --exporters``), without the work its family shares (:data:`SHARED`). Only the balance of the
#: shares depends on these, never the bytes; another exporter counts as 1.
COST = {"srt": 0.3, "vtt": 0.25, "ass": 0.25, "anki": 0.45, "apkg": 0.2, "docx": 0.25, "json": 0.1, "epub": 0.05}
#: Work the exporters of a family share (built once, by the first of them that needs it), by the
#: family's last name, same units: the subtitle formats' cues. It is the work a family may lend
#: another share (:class:`Loan`).
SHARED = {"subtitles": 0.85}


def _shared(exporter: Any) -> float:
    """The :data:`SHARED` work of *exporter*'s family (0 when none)."""
    return SHARED.get(_family(exporter).rsplit(".", 1)[-1], 0.0)


def _cost(exporters: Sequence[Any], members: Sequence[int]) -> float:
    """What rendering the exporters at indexes *members* costs: their :data:`COST`, and each family's :data:`SHARED` once."""
    families = {_family(exporters[i]): _shared(exporters[i]) for i in members}
    return sum(COST.get(getattr(exporters[i], "name", ""), 1.0) for i in members) + sum(families.values())


def share_out(exporters: Sequence[Any], workers: int) -> list[list[int]]:
    """Indexes of *exporters* in at most *workers* shares, exporters of one family in one share.

    Families (their cost: :func:`_cost`) are placed dearest first on the share
    that costs least so far (ties: the earliest), so the dearest family comes
    first and runs in this process; each share keeps the exporters' own
    order. On two cores ``--to all`` gives the subtitle formats a process of
    their own and the rest the other.
    """
    families: dict[str, list[int]] = {}
    for i, exporter in enumerate(exporters):
        families.setdefault(_family(exporter), []).append(i)

    count = max(1, min(workers, len(families)))
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for members in sorted(families.values(), key=lambda m: (-_cost(exporters, m), m[0])):
        k = min(range(count), key=lambda j: loads[j])
        shares[k].extend(members)
        loads[k] += _cost(exporters, members)
    return [sorted(s) for s in shares if s]


def plan_loan(exporters: Sequence[Any], shares: Sequence[Sequence[int]]) -> tuple[int, int, float] | None:
    """Work the first share (this process's) should lend another, by cost: ``(lender, borrower, cut)``, or None.

    The lender is the first exporter of the first share that offers ``prebuild`` and ``absorb``
    (it builds its family's :data:`SHARED` work, cost *B*, for the others); the borrower, the
    share that costs least. Lending the part *m* of that work makes the two shares cost
    ``L1 - m`` and ``Lb + m``: equal for ``m = (L1 - Lb) / 2``. *cut* is the fraction of the
    work kept here, ``1 - m / B``, but at least a half: the first share needs the whole work
    before it renders anything, so when the child's part is the longer one this process waits
    for it, and it ends at ``max(cut, 1 - cut) * B`` plus its rendering whatever the cut below
    a half. None when there is nothing to lend or it would not pay (under 2 % of the work).
    """
    if len(shares) < 2:
        return None
    first = shares[0]
    lender = next((i for i in first if hasattr(exporters[i], "prebuild") and hasattr(exporters[i], "absorb")), None)
    if lender is None:
        return None
    work = _shared(exporters[lender])
    borrower = min(range(1, len(shares)), key=lambda k: _cost(exporters, shares[k]))
    moved = (_cost(exporters, first) - _cost(exporters, shares[borrower])) / 2
    if work <= 0 or moved <= 0.02 * work:
        return None
    return lender, borrower, max(0.5, 1 - moved / work)


@dataclass(frozen=True)
class Loan:
    """Work of the first share that the child of share *to* does for it, before its own share.

    ``there()`` runs in that child first; its result (picklable) comes back through a pipe of its
    own as soon as it is built and is handed to ``back(result)`` here, before the first share
    runs; ``here()`` (this process's part of the work) runs meanwhile. Lent work is work the
    first share would otherwise do itself, the same way: if ``there()`` fails or the child dies
    before sending, ``back`` is not called and the first share does that part itself; a failing
    ``here()`` or ``back()`` is left to the first share too (it meets the same error and reports
    it where it would have).
    """

    to: int
    here: Callable[[], Any]
    there: Callable[[], Any]
    back: Callable[[Any], None]


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

    from .garbage import is_manual

    if is_manual():  # the command collects only between documents: nothing walks the heap meanwhile
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def fork_map(fn: Callable[[T], Any], items: Sequence[T], loan: Loan | None = None) -> list[Any]:
    """``[fn(item) for item in items]``, every item but the first in a forked child.

    A child's result comes back pickled through a pipe; an exception in a
    child is raised here as :class:`ChildFailed` naming it, and a child that
    dies (killed, out of memory) too. If this process is interrupted, the
    children are terminated. With a *loan*, the child of ``items[loan.to]``
    first does the lent work for the first item (see :class:`Loan`).
    """
    if len(items) <= 1 or not can_fork():
        return [fn(item) for item in items]
    children: list[tuple[int, int]] = []
    lent_fd: int | None = None
    try:
        for k, item in enumerate(items[1:], 1):
            there = loan.there if loan is not None and loan.to == k else None
            pid, fd, lent_here = _spawn(fn, item, there)
            children.append((pid, fd))
            lent_fd = lent_here if lent_here is not None else lent_fd
        if loan is not None and lent_fd is not None:  # the reading thread starts after the last fork
            receiver, lent_fd = _Receiver(lent_fd), None
            _borrow(loan, receiver)
        results = [fn(items[0])]
        for pid, fd in children:
            results.append(_collect(pid, fd))
        children.clear()
        return results
    finally:
        for pid, fd in children:  # interrupted: stop the rest
            _stop(pid, fd)
        if lent_fd is not None:
            os.close(lent_fd)


class ChildFailed(Exception):
    """A forked child raised or died; the message says how."""


class _Receiver:
    """Reads a pipe to its end in a thread, so the child writing it never waits for this process."""

    def __init__(self, fd: int) -> None:
        import threading

        self._data = b""
        self._thread = threading.Thread(target=self._read, args=(fd,), daemon=True)
        self._thread.start()

    def _read(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            self._data = pipe.read()

    def wait(self) -> bytes:
        """Everything the child wrote, once it closed the pipe (or died: then perhaps nothing)."""
        self._thread.join()
        return self._data


def _borrow(loan: Loan, lent: _Receiver) -> None:
    """This process's part of the lent work, then the child's taken in (unless it died before sending it all)."""
    import pickle  # only where processes are forked: a one-format run imports this module for frozen_heap alone

    try:
        loan.here()
    except Exception:  # noqa: BLE001, S110 - the first share does this work again and reports the error
        pass
    data = lent.wait()
    try:
        ok, value = pickle.loads(data) if data else (False, None)
        if ok:
            loan.back(value)
    except Exception:  # noqa: BLE001, S110 - cut short by the child's death, or as for here(): the first share does it
        pass


def _spawn(fn: Callable[[Any], Any], item: Any, there: Callable[[], Any] | None = None) -> tuple[int, int, int | None]:
    import pickle

    read_end, write_end = os.pipe()
    lent_read, lent_write = os.pipe() if there is not None else (None, None)
    try:
        pid = os.fork()
    except OSError:  # no process to be had: no pipe left open either
        for end in (read_end, write_end, lent_read, lent_write):
            if end is not None:
                os.close(end)
        raise
    if pid:  # parent
        os.close(write_end)
        if lent_write is not None:
            os.close(lent_write)
        return pid, read_end, lent_read
    os.close(read_end)  # child: run, send, leave without the parent's clean-up (atexit, buffered files)
    status = 1  # until the result is sent: a child cut short (an interrupt in the lent work) does not exit 0
    try:
        if there is not None and lent_write is not None and lent_read is not None:
            os.close(lent_read)
            try:
                lent_payload = pickle.dumps((True, there()))
            except Exception as exc:  # noqa: BLE001 - the first share does the work itself
                lent_payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            with os.fdopen(lent_write, "wb") as pipe:
                pipe.write(lent_payload)
        try:
            payload, ok = pickle.dumps((True, fn(item))), True
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            payload, ok = pickle.dumps((False, f"{type(exc).__name__}: {exc}")), False
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0 if ok else 1
    finally:
        os._exit(status)


def _collect(pid: int, fd: int) -> Any:
    import pickle

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
