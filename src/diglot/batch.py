"""Batch conversion: many transcripts in one run, in parallel, each failure reported and the rest completed.

::

    sources, problems = collect(["archive/", "extra.txt", "-"], include=["*.txt"])   # diglot.sources
    plan = Plan(formats=("srt", "epub"), settings={"epub": {"layout": "side-by-side"}}, out_dir=Path("out"))
    for result in execute(sources, plan, jobs=2):
        ...                                  # DocumentResult, in input order
    summary = Summary.of(results, seconds)

Each source's output names are decided before any work starts
(:mod:`diglot.sources`) and each document is rendered the same way in
whichever process, so the bytes written do not depend on ``jobs``.
Unchanged documents are skipped (see :mod:`diglot.cache`).
"""

from __future__ import annotations

import bisect
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DiglotError
from .garbage import between_documents
from .sources import Source

if TYPE_CHECKING:
    from .cache import Manifest


@dataclass
class Plan:
    """What to do with every document: the same for all of them, and picklable for worker processes."""

    formats: tuple[str, ...]
    out_dir: Path
    settings: dict[str, dict[str, str]] = field(default_factory=dict)  # format -> option -> command-line string
    reader: str | None = None
    timing_from: str | None = None
    ref_format: str | None = None
    force_retime: bool = False  # also: merge two subtitle files that look like different videos, align to poor audio
    langs: str | None = None  # "SOURCE,TARGET" language tags of the input
    video_url: str | None = None  # the video's web address, for inputs that do not name it
    media: str | None = None  # audio or video file to align to
    force: bool = False  # redo documents whose outputs are up to date
    overwrite: bool = False  # replace existing files diglot did not write (--overwrite)
    owned: dict[str, list[int]] | None = None  # files diglot wrote in out_dir (the manifest's); None: replace any
    # (execute fills it per document from the output directory's manifest)
    debug: bool = False  # failures carry their traceback
    workers: int = 1  # processes for one document's formats (run gives a lone document the --jobs cores)


@dataclass
class DocumentResult:
    """What happened to one document."""

    path: str
    files: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # exporters' notes (QC summary, timing)
    warnings: list[str] = field(default_factory=list)  # the document's own notices
    errors: list[str] = field(default_factory=list)  # one line each
    unchanged: list[str] = field(default_factory=list)  # outputs skipped as up to date
    records: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # main output -> (key, files) for the cache
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.errors)


@dataclass
class Summary:
    documents: int = 0
    outputs: int = 0
    unchanged: int = 0
    warnings: int = 0
    failures: int = 0
    seconds: float = 0.0

    @classmethod
    def of(cls, results: Iterable[DocumentResult], seconds: float, problems: int = 0) -> Summary:
        s = cls(seconds=seconds, failures=problems)
        for r in results:
            s.documents += 1
            s.outputs += len(r.files)
            s.unchanged += len(r.unchanged)
            s.warnings += len(r.warnings)
            s.failures += 1 if r.failed else 0
        return s

    def line(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        parts = [n(self.documents, "document"), f"{n(self.outputs, 'output')} written"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        parts += [n(self.warnings, "warning"), f"{self.failures} failed", f"{self.seconds:.1f} s"]
        return ", ".join(parts)


# --- converting --------------------------------------------------------------

_instances_cache: dict[str, list[Any]] = {}


def exporter_instances(plan: Plan) -> list[Any]:
    """The plan's exporters, built once per process. Raises :class:`OptionError` for a bad option."""
    key = repr((plan.formats, sorted((k, sorted(v.items())) for k, v in plan.settings.items())))
    if key not in _instances_cache:
        from . import exporters

        built = []
        for name in plan.formats:
            cls = exporters.get(name)
            built.append(cls(exporters.build_options(cls, plan.settings.get(name, {}))))
        _instances_cache[key] = built
    return _instances_cache[key]


def convert(source: Source, plan: Plan, todo: Sequence[int] | None = None) -> DocumentResult:
    """Load, prepare and render one document with the plan's exporters (those at indexes *todo*; all when None).

    Never raises: a failure becomes a one-line entry in ``errors`` naming the file.
    Every file is written inside ``plan.out_dir``, and an existing file only when
    ``plan.owned`` lists it unchanged or ``plan.overwrite`` (see :class:`diglot.fileio.WriteGuard`).
    """
    from .fileio import WriteGuard, guarded

    start = time.perf_counter()
    result = DocumentResult(source.path)
    with guarded(WriteGuard(plan.out_dir, plan.owned, plan.overwrite)):
        _convert(source, plan, todo, result)
    result.seconds = time.perf_counter() - start
    return result


def _convert(source: Source, plan: Plan, todo: Sequence[int] | None, result: DocumentResult) -> None:
    from . import load, load_pair, loads

    try:
        instances = exporter_instances(plan)
        chosen = [instances[i] for i in (range(len(instances)) if todo is None else todo)]
        if source.pair is not None:
            doc = load_pair(*source.pair, force=plan.force_retime)
        elif source.text is not None:
            doc = loads(source.text, file="<stdin>", format=plan.reader)
        else:
            doc = load(source.path, format=plan.reader)
        doc = _relabel(doc, plan)
        result.warnings = [str(n) for n in doc.notices]
        prepared, skip = _prepare(doc, plan, result)
        todo = [e for e in chosen if e.name not in skip]
        docs = [prepared(e) for e in todo]  # timed and clipped here, once, before any fork
        for outcome in _render_all(source, plan, todo, docs):
            result.errors += outcome.errors
            result.files += outcome.files
            result.messages += outcome.messages
            result.records.update(outcome.records)
    except DiglotError as exc:
        result.errors.append(str(exc) if exc.file else f"{source.path}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        message = f"{source.path}: internal error ({type(exc).__name__}: {exc}); rerun with --debug"
        if plan.debug:
            import traceback

            message += "\n" + traceback.format_exc()
        result.errors.append(message)


@dataclass
class _Written:
    """What one exporter did (picklable: it may come back from a forked worker)."""

    files: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    records: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


def _render(source: Source, plan: Plan, exporter: Any, doc: Any) -> _Written:
    target = plan.out_dir / f"{source.out_stem}{exporter.extension}"
    try:
        written = exporter.write(doc, target)
    except DiglotError as exc:
        return _Written(errors=[str(exc)])
    files = [str(p) for p in written.files]
    record = ("", [_relative(p, plan.out_dir) for p in written.files])
    return _Written(files, list(written.messages), records={f"{source.out_stem}{exporter.extension}": record})


def _render_all(source: Source, plan: Plan, exporters: Sequence[Any], docs: Sequence[Any]) -> list[_Written]:
    """Each exporter's :class:`_Written`, in order; with ``plan.workers`` > 1 the formats are shared out
    over forked processes (:mod:`diglot.fanout`), with the same bytes as one process writes."""
    from .fanout import frozen_heap

    with frozen_heap():
        return _render_shared(source, plan, exporters, docs)


def _render_shared(source: Source, plan: Plan, exporters: Sequence[Any], docs: Sequence[Any]) -> list[_Written]:
    from .fanout import ChildFailed, Loan, can_fork, fork_map, plan_loan, share_out

    if plan.workers <= 1 or len(exporters) <= 1 or not can_fork():
        return [_render(source, plan, e, d) for e, d in zip(exporters, docs)]
    shares = share_out(exporters, plan.workers)

    done: dict[int, _Written] = {}  # what this process rendered (a child fills its own copy)

    def render_share(share: list[int]) -> list[_Written]:
        for i in share:
            done[i] = _render(source, plan, exporters[i], docs[i])
        return [done[i] for i in share]

    loan = None
    planned = plan_loan(exporters, shares)
    if planned is not None:  # another share's child builds part of the first share's work (the cues)
        lender, borrower, cut = planned
        lending, doc = exporters[lender], docs[lender]
        loan = Loan(borrower, lambda: lending.prebuild(doc, (0.0, cut)), lambda: lending.prebuild(doc, (cut, 1.0)), lambda built: lending.absorb(doc, built))
    before = _outputs_now(source, plan)
    try:
        outcomes = fork_map(render_share, shares, loan)
    except ChildFailed:  # a worker hit a bug or was killed: render the rest here, as one process does (same bytes, same errors)
        from .fileio import WriteGuard, guarded

        # what the dead child wrote (new or replaced) before it died is this run's own: it may be written again
        owned = None if plan.owned is None else {**plan.owned, **{n: s for n, s in _outputs_now(source, plan).items() if before.get(n) != s}}
        with guarded(WriteGuard(plan.out_dir, owned, plan.overwrite)):
            return [done[i] if i in done else _render(source, plan, e, d) for i, (e, d) in enumerate(zip(exporters, docs))]
    by_index = {i: w for share, written in zip(shares, outcomes) for i, w in zip(share, written)}
    return [by_index[i] for i in range(len(exporters))]


def _outputs_now(source: Source, plan: Plan) -> dict[str, list[int]]:
    """The files named after *source* in its output folder now: relative path -> ``[size, mtime_ns]`` (as :attr:`Plan.owned`)."""
    stem = plan.out_dir / source.out_stem
    found: dict[str, list[int]] = {}
    try:
        for entry in os.scandir(stem.parent):
            if entry.name.startswith(stem.name) and entry.is_file(follow_symlinks=False):
                st = entry.stat(follow_symlinks=False)
                found[_relative(Path(entry.path), plan.out_dir)] = [st.st_size, st.st_mtime_ns]
    except OSError:
        pass
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _relabel(doc: Any, plan: Plan) -> Any:
    """*doc* with the plan's language tags and video address (``--lang``, ``--url``)."""
    if plan.langs:
        source, target = (p.strip() for p in plan.langs.split(","))
        doc = replace(doc, source_lang=source, target_lang=target)
    if plan.video_url:
        doc = replace(doc, source_url=plan.video_url)
    return doc


def _prepare(doc: Any, plan: Plan, result: DocumentResult) -> tuple[Callable[[Any], Any], set[str]]:
    """The document prepared once for all exporters (the pipeline): a function exporter -> its document,
    and the exporters not to write (they need the audio's times and aligning to ``plan.media`` failed)."""
    from .pipeline import TIMES, Preparation, needs_of

    instances = exporter_instances(plan)
    prep = Preparation(
        doc, instances, timing_from=plan.timing_from, ref_format=plan.ref_format, force=plan.force_retime, workers=plan.workers
    )
    skip: set[str] = set()
    if plan.media:
        try:
            prep.align_media(plan.media, plan.force_retime)
        except Exception as exc:  # noqa: BLE001 - still write what does not need the audio's times
            if isinstance(exc, DiglotError):
                result.errors.append(str(exc) if exc.file else f"{plan.media}: {exc}")
            else:
                result.errors.append(f"{plan.media}: internal error ({type(exc).__name__}: {exc}); rerun with --debug")
            skip = {e.name for e in instances if TIMES in needs_of(e)}
            if skip:
                result.messages.append(f"not written without the audio's times: {', '.join(sorted(skip))}")
    if prep.reports:
        from .exporters.subtitles.report import retime_summary

        for report in prep.reports:
            result.messages += report.summary_lines() if hasattr(report, "media") else retime_summary(report)
    return prep.for_exporter, skip


@dataclass(frozen=True)
class Job:
    """One document of a run: the exporters (indexes into the plan's) still to render, and the cache keys."""

    source: Source
    todo: tuple[int, ...]
    keys: dict[str, str]  # main output (relative) -> cache key
    unchanged: tuple[str, ...] = ()  # main outputs that are up to date
    owned: dict[str, list[int]] | None = None  # files diglot wrote that this document may replace (see Plan.owned)


def schedule(sources: Sequence[Source], plan: Plan, manifest: Manifest | None) -> list[Job]:
    """A job per source; with a *manifest* (and without ``plan.force``) up-to-date outputs are left out.

    Raises :class:`OptionError` for a bad exporter option (before any work starts).
    """
    from .cache import fingerprint_file, fingerprint_text, output_key

    instances = exporter_instances(plan)
    context = [f"reader={plan.reader}", f"langs={plan.langs}", f"url={plan.video_url}"]
    if plan.media:
        try:
            context.append(f"media={Path(plan.media).resolve()}:{Path(plan.media).stat().st_mtime_ns}:{plan.force_retime}")
        except OSError:
            context.append(f"unreadable media {plan.media}")
    if plan.timing_from:
        context.append(f"retime={plan.ref_format}:{plan.force_retime}")
        try:
            context.append(fingerprint_file(plan.timing_from))
        except OSError:
            context.append(f"unreadable {plan.timing_from}")
    jobs = []
    for source in sources:
        try:
            if source.pair is not None:
                printed = fingerprint_text("\0".join([*(fingerprint_file(p) for p in source.pair), f"force={plan.force_retime}"]))
            else:
                printed = fingerprint_text(source.text) if source.text is not None else fingerprint_file(source.path)
        except OSError:
            printed = ""  # unreadable: converting it reports why
        keys: dict[str, str] = {}
        todo: list[int] = []
        unchanged: list[str] = []
        for i, exporter in enumerate(instances):
            output = f"{source.out_stem}{exporter.extension}"
            keys[output] = output_key(printed, exporter, context) if printed else ""
            if manifest is not None and not plan.force and printed and manifest.fresh(output, keys[output]):
                unchanged.append(output)
            else:
                todo.append(i)
        jobs.append(Job(source, tuple(todo), keys, tuple(unchanged)))
    return jobs


def execute(sources: Sequence[Source], plan: Plan, jobs: int = 1, on_done: Callable[[DocumentResult], None] | None = None) -> Iterator[DocumentResult]:
    """Convert *sources* (skipping what is up to date in the output directory's manifest); results in input order.

    Raises :class:`OptionError` for a bad exporter option before any work starts.
    """
    from .cache import Manifest

    manifest = Manifest(plan.out_dir)
    work = schedule(sources, plan, manifest)
    owned = manifest.owned()
    names = sorted(owned)

    def mine(job: Job) -> Job:  # the files diglot wrote under this document's name: all its worker needs
        start = bisect.bisect_left(names, job.source.out_stem)
        stop = bisect.bisect_left(names, job.source.out_stem + "\uffff", start)
        return replace(job, owned={n: owned[n] for n in names[start:stop]})

    work = [mine(job) for job in work]
    try:
        for job, result in zip(work, run(work, plan, jobs, on_done)):
            for output in job.keys:
                if output in result.records and job.keys[output]:
                    manifest.record(output, job.keys[output], result.records[output][1])
                elif output not in job.unchanged:
                    manifest.forget(output)
            yield result
    finally:
        manifest.save()


def _pool(jobs: int) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start with the parent's imports instead of importing everything again
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


def run(work: Sequence[Job], plan: Plan, jobs: int = 1, on_done: Callable[[DocumentResult], None] | None = None) -> Iterator[DocumentResult]:
    """Convert each job of *work*; results in input order.

    *jobs* > 1 converts in that many worker processes; *on_done* is called as
    each document finishes (completion order, for progress).
    """

    def finished(job: Job, result: DocumentResult) -> DocumentResult:
        result.unchanged = list(job.unchanged)
        if on_done:
            on_done(result)
        return result

    busy = [job for job in work if job.todo]
    if jobs <= 1 or len(busy) <= 1:
        lone = replace(plan, workers=jobs)  # one document: its formats get the cores
        for job in work:
            if job.todo and job is not busy[0]:
                between_documents()  # the last document's cycles, before this one allocates
            result = convert(job.source, _for(lone, job), job.todo) if job.todo else DocumentResult(job.source.path)
            yield finished(job, result)
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    with _pool(min(jobs, len(busy))) as pool:
        done: dict[int, DocumentResult] = {}
        futures = {}
        for i, job in enumerate(work):
            if job.todo:
                futures[pool.submit(_convert_in_worker, job.source, _for(plan, job), job.todo)] = i
            else:
                done[i] = finished(job, DocumentResult(job.source.path))
        pending = set(futures)
        next_out = 0
        while True:
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if not pending:
                break
            ready, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in ready:
                job = work[futures[f]]
                try:
                    result = f.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died (killed, out of memory)
                    result = DocumentResult(job.source.path, errors=[f"{job.source.path}: worker failed ({type(exc).__name__}: {exc})"])
                done[futures[f]] = finished(job, result)


def _convert_in_worker(source: Source, plan: Plan, todo: Sequence[int]) -> DocumentResult:
    """:func:`convert` in a pool worker, then the document's cycles freed before the worker takes another."""
    try:
        return convert(source, plan, todo)
    finally:
        between_documents()


def _for(plan: Plan, job: Job) -> Plan:
    """*plan* with the files *job* may replace, when the job knows them."""
    return plan if job.owned is None else replace(plan, owned=job.owned)


def default_jobs() -> int:
    """The machine's cores (the ones this process may use)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
