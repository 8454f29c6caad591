"""The ``diglot`` command line: a thin layer over the library.

Exit codes: 0 success, 1 an input or output error (one line per file, the
other files still processed), 2 a usage error. Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__, load
from .errors import DiglotError, OptionError

if TYPE_CHECKING:
    from pathlib import Path

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _State:
    debug = False


def _fail_usage(exc: OptionError) -> None:
    raise click.UsageError(exc.reason)


def _error(exc: BaseException) -> None:
    """Report one failed file on one line (or its traceback with --debug)."""
    if _State.debug:
        import traceback

        traceback.print_exception(exc)
    click.echo(f"diglot: error: {exc}", err=True)


def _unexpected(exc: BaseException, file: str) -> None:
    if _State.debug:
        raise exc
    click.echo(f"diglot: error: {file}: internal error ({type(exc).__name__}: {exc}); rerun with --debug", err=True)


_FAILED = object()


def _attempt(file: str, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or ``_FAILED`` after reporting the error on one line naming *file*."""
    try:
        return fn(*args, **kwargs)
    except DiglotError as exc:
        _error(exc)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        _unexpected(exc, file)
    return _FAILED


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="diglot")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(debug: bool) -> None:
    """diglot: bilingual talk transcripts into subtitles, books, handouts and flashcards.

    \b
    Examples:
      diglot inspect seeds/*.txt
      diglot export seeds/*.txt --to all -o out/
      diglot formats
    """
    _State.debug = debug


class _Names(click.Choice):
    """A choice of names listed when first needed (a value to check, help, completion), not at start-up.

    ``diglot --help`` must not import the timed-reference formats (nor the
    document model they bring) to build ``--ref-format``'s choices.
    """

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names
        self._cached: tuple[str, ...] | None = None
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        if self._cached is None:
            self._cached = tuple(self._names())
        return self._cached

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        self._cached = tuple(value)

    def __iter__(self) -> Iterator[str]:  # a list of names, like the tuple it stands for
        return iter(self.choices)


def _reader_names() -> list[str]:
    from . import readers

    return readers.available()


def _reference_formats() -> list[str]:
    from .timing import references

    return list(references.formats())


# Choices come from the registries when first needed (listing imports no reader or exporter;
# ``--help`` does not even import the registries).
READER_CHOICES = _Names(_reader_names)
REF_FORMAT_CHOICES = _Names(_reference_formats)


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--from", "fmt", type=READER_CHOICES, help="Input format (default: sniffed).")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
def inspect(files: tuple[str, ...], fmt: str | None, as_json: bool) -> None:
    """Summarise transcripts: format, title, sections, segments, speakers, glossary, warnings.

    \b
    Examples:
      diglot inspect seeds/000_f186dd285a4328be.txt
      diglot inspect --json seeds/*.txt | jq '.[].segments'
      diglot inspect talk.en.srt talk.zh.srt
    """
    from .summary import summarize, format_summary

    failed = False
    results = []
    for group in _inputs(files, None, None):
        path = " + ".join(group)
        doc = _attempt(path, _load_input, group, fmt, False)
        if doc is _FAILED:
            failed = True
            continue
        info = summarize(doc, path)
        results.append(info)
        if not as_json:
            click.echo(format_summary(info))
    if as_json:
        import json

        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


def _split_formats(value: str) -> list[str]:
    from . import exporters

    names = [v.strip() for v in value.split(",") if v.strip()]
    if names == ["all"]:
        # the plug-ins listed by a forked child while this process imports the built-in exporters, which
        # it needs next anyway (see exporters.discover_in_background)
        if exporters.discover_in_background():
            exporters.import_builtins()
        return exporters.available()
    if not names:
        raise click.BadParameter("give at least one format", param_hint="--to")
    for name in names:
        if not exporters.known(name):
            raise click.BadParameter(f"unknown format {name!r} (available: {', '.join(exporters.available())}, all)", param_hint="--to")
    return list(dict.fromkeys(names))


def _source_target_options(fn):
    """``--source FILE --target FILE``: an English and a Chinese subtitle file of one video, merged; ``--lang``."""
    fn = click.option("--url", "video_url", metavar="URL", help="The video's web address (timestamp links in books, handouts and cards), for inputs that do not name it, such as subtitle files.")(fn)
    fn = click.option("--lang", "langs", metavar="SOURCE,TARGET", help="Language tags of the input, e.g. en,zh-Hant (default: from the file names' tags, else en,zh-Hans).")(fn)
    fn = click.option("--target", "target_file", type=click.Path(dir_okay=False, path_type=str), help="Target-language (Chinese) subtitle file of the video given with --source.")(fn)
    return click.option("--source", "source_file", type=click.Path(dir_okay=False, path_type=str), help="Source-language (English) subtitle file; merged with --target into one bilingual document.")(fn)


def _inputs(files: tuple[str, ...], source_file: str | None, target_file: str | None) -> list[tuple[str, ...]]:
    """Input documents: single files, and pairs of subtitle files (talk.en.srt talk.zh.srt, or --source/--target)."""
    from .readers.grouping import group_files

    if bool(source_file) != bool(target_file):
        raise click.UsageError("--source and --target go together: give both subtitle files")
    groups = group_files(list(files))
    if source_file and target_file:
        groups.append((source_file, target_file))
    if not groups:
        raise click.UsageError("give at least one FILE (or --source FILE --target FILE)")
    return groups


def _load_input(group: tuple[str, ...], fmt: str | None, force: bool, langs: str | None = None, url: str | None = None):
    from dataclasses import replace

    from . import load_pair

    doc = load(group[0], format=fmt) if len(group) == 1 else load_pair(group[0], group[1], force=force)
    if langs:
        source, target = _lang_pair(langs)
        doc = replace(doc, source_lang=source, target_lang=target)
    if url:
        doc = replace(doc, source_url=url)
    return doc


def _lang_pair(value: str) -> tuple[str, str]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", p) for p in parts):
        raise click.BadParameter(f"{value!r}: expected SOURCE,TARGET language tags such as en,zh-Hant", param_hint="--lang")
    return parts[0], parts[1]


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=str)
@_source_target_options
@click.option("--to", "to", default=None, help="Comma-separated formats, or 'all' (default: json, or export.to of the configuration). See 'diglot formats'.")
@click.option("-o", "--output", "out_dir", default=None, type=click.Path(file_okay=False, path_type=str), help="Output directory (default: .).")
@click.option("-O", "--option", "options", multiple=True, metavar="[FORMAT.]NAME=VALUE", help="Set an exporter option, e.g. -O epub.layout=side-by-side. Unqualified names apply to every selected format that has them. Repeatable; wins over the configuration.")
@click.option("--from", "fmt", type=READER_CHOICES, help="Input format (default: sniffed).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Documents converted in parallel (default: the machine's cores).")
@click.option("--include", multiple=True, metavar="GLOB", help="In directories, take only files matching GLOB (default: *.txt *.md *.markdown *.json). Repeatable.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="In directories, leave out files matching GLOB. Repeatable.")
@click.option("--force", is_flag=True, help="Redo outputs that are up to date; retime even when the reference (or the audio) barely matches the transcript; merge two subtitle files even when they look like different videos.")
@click.option("--overwrite", is_flag=True, help="Replace existing files diglot did not write (by default such a file is an error and left alone).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print unchanged outputs and each document's time.")
@click.option("--timing-from", "timing_from", type=click.Path(dir_okay=False, path_type=str), metavar="REF", help="Retime against a timed reference of the video first (YouTube captions, Whisper JSON, SRT/VTT).")
@click.option("--ref-format", "ref_format", type=REF_FORMAT_CHOICES, help="Reference format (default: sniffed).")
@click.option("--media", "media", type=click.Path(dir_okay=False, path_type=str), metavar="FILE", help="Align to the talk's audio or video file itself (wav, flac, mp3, m4a, opus, webm, mp4, mkv; needs diglot[audio]).")
def export(
    paths: tuple[str, ...], to: str | None, out_dir: str | None, options: tuple[str, ...], fmt: str | None, jobs: int | None,
    include: tuple[str, ...], exclude: tuple[str, ...], force: bool, quiet: bool, verbose: bool,
    timing_from: str | None, ref_format: str | None, media: str | None = None, source_file: str | None = None,
    target_file: str | None = None, langs: str | None = None, video_url: str | None = None, overwrite: bool = False,
) -> None:
    """Write transcripts (files, directories searched recursively, - for standard input) in one or more formats.

    Outputs go to DIR/<stem>.<ext>, keeping the layout of directories given.
    Outputs whose input, options and diglot version have not changed are
    skipped (--force redoes them). An existing file diglot did not write (or
    that changed since) is left alone with an error unless --overwrite is
    given. Defaults come from diglot.toml or
    [tool.diglot] in pyproject.toml (see 'diglot config'); flags win.

    \b
    Examples:
      diglot export talk.txt --to srt,vtt -o subs/
      diglot export talk.txt --to epub -O epub.layout=side-by-side
      diglot export archive/ --to all -o out/ --jobs 2 --exclude 'drafts/*'
      cat talk.txt | diglot export - --to srt
      diglot export talk.txt --to srt,vtt --timing-from talk.en.json3 -o subs/
      diglot export talk.txt --to srt,apkg --media talk.mp4 -o out/
      diglot export talk.en.srt talk.zh.srt --to all -o out/
      diglot export --source talk.en.vtt --target talk.chs.ass --to srt -O srt.keep-cues=true
    """
    import time

    from . import batch, exporters
    from .progress import NORMAL, QUIET, VERBOSE, Progress
    from .progress import configure as configure_tasks
    from .sources import collect

    start = time.perf_counter()
    if bool(source_file) != bool(target_file):
        raise click.UsageError("--source and --target go together: give both subtitle files")
    if not paths and not source_file:
        raise click.UsageError("give at least one FILE (or --source FILE --target FILE)")
    if langs:
        _lang_pair(langs)  # a usage error before any file is read
    if video_url:
        from .links import http_url

        if http_url(video_url) is None:
            raise click.BadParameter(f"{video_url!r} is not an http(s) address", param_hint="--url")
    config = _config()
    formats = _split_formats(to or ",".join(config.get("to", ["json"])))
    from pathlib import Path

    out = Path(out_dir or config.get("output", "."))
    try:
        settings = {name: config.option_strings(name) for name in formats}
        for name, given in exporters.parse_option_args(list(options), formats).items():
            settings[name].update(given)
        plan = batch.Plan(
            formats=tuple(formats), out_dir=out, settings=settings, reader=fmt or config.get("from"),
            timing_from=timing_from, ref_format=ref_format, force_retime=force, force=force, debug=_State.debug, overwrite=overwrite,
            langs=langs, video_url=video_url, media=media,
        )
        batch.exporter_instances(plan)
    except OptionError as exc:
        _fail_usage(exc)
    sources, problems = collect(
        paths, include or config.get("include", ()), exclude or config.get("exclude", ()), skip_dir=out,
        pairs=[(source_file, target_file)] if source_file and target_file else [],
    )
    several = len(sources) + len(problems) > 1
    if timing_from and several:
        raise click.UsageError("--timing-from times one transcript: give a single FILE")
    if media and several:
        raise click.UsageError("--media times one transcript: give a single FILE")
    verbosity = QUIET if quiet else VERBOSE if verbose else NORMAL
    results = []
    configure_tasks(verbosity if len(sources) <= 1 else QUIET)  # retiming, media: their own bar for one document
    with Progress(len(sources), "export", verbosity) as progress:
        for problem in problems:
            progress.error(f"diglot: error: {problem}")
        for result in batch.execute(sources, plan, jobs or config.get("jobs") or batch.default_jobs(), on_done=lambda r: progress.advance()):
            results.append(result)
            _report(progress, result, out)
    summary = batch.Summary.of(results, time.perf_counter() - start, problems=len(problems))
    if not quiet:
        click.echo(f"diglot: {summary.line()}", err=True)
    if summary.failures:
        sys.exit(1)


def _report(progress, result, out: Path) -> None:
    """One document's lines: errors and warnings always (unless quiet), written files without a progress bar."""
    for error in result.errors:
        progress.error(f"diglot: error: {error}")
    for warning in result.warnings:
        progress.warning(f"diglot: warning: {warning}")
    say = progress.detail if progress.bar else progress.line
    for written in result.files:
        say(f"wrote {written}")
    for message in result.messages:
        say(f"  {message}")
    if result.unchanged and not result.files and not result.errors:
        say(f"unchanged {result.path} (--force to redo)")
    for output in result.unchanged:
        progress.detail(f"  unchanged {out / output}")
    progress.detail(f"  {result.path}: {result.seconds:.2f} s")


class _ConfigProblem(click.ClickException):
    """A broken configuration file: one line naming the file and line, exit code 2 like other usage errors."""

    exit_code = 2


def _config():
    from .config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as exc:
        raise _ConfigProblem(str(exc)) from None


@cli.command(context_settings=CONTEXT)
@click.argument("formats", nargs=-1)
def config(formats: tuple[str, ...]) -> None:
    """Show the effective settings of 'diglot export' and where each comes from.

    Reads diglot.toml and [tool.diglot] in pyproject.toml in the working
    directory (diglot.toml wins; flags win over both). FORMATS limits the
    exporter options shown (default: all exporters).

    \b
    Examples:
      diglot config
      diglot config srt epub
    """
    from . import exporters
    from .config import effective, format_settings

    cfg = _config()
    known = exporters.available()
    for name in formats:
        if name not in known:
            raise click.BadParameter(f"unknown format {name!r} (available: {', '.join(known)})", param_hint="FORMATS")
    click.echo(f"# configuration: {', '.join(cfg.files) if cfg.files else 'none (no diglot.toml or [tool.diglot] in pyproject.toml here)'}")
    try:
        shown = effective(cfg, list(formats) or known)
    except OptionError as exc:
        _fail_usage(exc)
    for line in format_settings(shown):
        click.echo(line)


def _print_reports(reports) -> None:
    from .exporters.subtitles.report import retime_summary

    for report in reports:
        lines = report.summary_lines() if hasattr(report, "media") else retime_summary(report)
        for line in lines:
            click.echo(line)


@cli.command(context_settings=CONTEXT)
@click.argument("transcript", type=click.Path(dir_okay=False, path_type=str))
@click.argument("reference", required=False, type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=str), help="Timed model to write (diglot JSON; default: <stem>.retimed.json).")
@click.option("--from", "fmt", type=READER_CHOICES, help="Transcript format (default: sniffed).")
@click.option("--ref-format", "ref_format", type=REF_FORMAT_CHOICES, help="Reference format (default: sniffed).")
@click.option("--force", is_flag=True, help="Retime even when the reference (or the audio) barely matches the transcript.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--media", "media", type=click.Path(dir_okay=False, path_type=str), metavar="FILE", help="Align to the talk's audio or video file (with REFERENCE too: the reference anchors, the audio refines).")
def retime(transcript: str, reference: str | None, output: str | None, fmt: str | None, ref_format: str | None, force: bool, quiet: bool, media: str | None) -> None:
    """Time TRANSCRIPT from REFERENCE (automatic captions or speech recogniser output of the video),
    from the video's own audio (--media FILE), or both.

    Writes the timed model as diglot JSON, which every command reads back, and
    prints how much matched and where transcript and video disagree.

    \b
    Examples:
      yt-dlp --write-auto-subs --sub-format json3 --skip-download URL
      diglot retime talk.txt talk.en.json3 -o talk.json
      diglot retime talk.txt --media talk.mp4 -o talk.json
      diglot export talk.json --to srt,vtt -o subs/
    """
    from . import schema
    from .fileio import safe_stem, write_text

    if reference is None and media is None:
        raise click.UsageError("give a REFERENCE, --media FILE or both")
    from pathlib import Path

    target = Path(output) if output else Path(f"{safe_stem(Path(transcript).stem)}.retimed.json")

    def run() -> None:
        from .pipeline import prepare

        reports: list = []
        doc = prepare(
            load(transcript, format=fmt), ("pairs",), timing_from=reference, ref_format=ref_format, force=force,
            reports=reports, media=media,
        )
        if not quiet:
            _print_reports(reports)
        write_text(target, schema.dumps(doc))

    if _attempt(transcript, run) is _FAILED:
        sys.exit(1)
    if not quiet:
        click.echo(f"wrote {target}")


SUBTITLE_SUFFIXES = (".srt", ".vtt", ".ass")


def _is_subtitle_file(path: str) -> bool:
    """Subtitle files by suffix, or by a WEBVTT header or an SRT timing line in the first lines."""
    from pathlib import Path

    if Path(path).suffix.lower() in SUBTITLE_SUFFIXES:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(512).decode("utf-8", "replace").lstrip("\ufeff \r\n")
    except OSError:
        return False
    return head.startswith(("WEBVTT", "[Script Info]")) or bool(re.match(r"\d+\r?\n\d\d:\d\d:\d\d[,.]\d{3} --> ", head))


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-L", "--limit", "limits", multiple=True, metavar="NAME=VALUE", help="Subtitle files: change a style limit, e.g. -L cps-target=8 -L max-chars-source=37 (the srt/vtt option names). Repeatable.")
@click.option("--summary", "summary_only", is_flag=True, help="Print only each file's summary line, not every finding.")
@click.option("--from", "fmt", type=READER_CHOICES, help="Transcript format (default: sniffed).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file, in a list.")
def check(files: tuple[str, ...], limits: tuple[str, ...], summary_only: bool, fmt: str | None, as_json: bool) -> None:
    """Audit transcripts' pairing; check SRT/WebVTT/ASS files against subtitle style limits.

    \b
    Transcripts (anything the readers accept): the pairing audit, one finding
    a line as FILE:LINE: SEVERITY: KIND: SEGMENT: message.
      errors:   wrong-language (English in the Chinese field or the reverse),
                shifted (a run whose Chinese matches a neighbour's English better,
                or two swapped turns; the range is given)
      warnings: mixed-language, length-ratio (far from the document's own),
                number, name (on one side only), question (answered by a
                statement), term (a glossary term translated inconsistently)
      info:     untranslated
    Subtitle files (.srt, .vtt, .ass, or sniffed): hard limits are line length
    (42 English / 16 Chinese characters, Latin counting half in Chinese lines),
    lines per language (2), duration (833 ms to 7 s), gap between cues (83 ms);
    advisory: reading speed (20 / 9 characters a second) and gaps up to 500 ms
    left open. Which lines are Chinese comes from the file's layout (language
    spans, ASS styles, the block order); a WebVTT STYLE block gets a warning
    (FFmpeg 5.1 reads no cue after it).

    Exit 0 when no transcript has an error and no subtitle file breaks a hard
    limit; 1 when one does or a file cannot be read.

    \b
    Examples:
      diglot check talk.txt
      diglot check --json talk.txt | jq '.[0].findings'
      diglot check out/talk.srt out/talk.vtt
      diglot check --summary -L cps-target=8 out/*.srt
    """
    from dataclasses import asdict

    from .align.audit import audit_document, format_report, report_to_dict
    from .exporters.subtitles import qc

    try:
        style = qc.style_from_settings(list(limits))
    except OptionError as exc:
        _fail_usage(exc)
    failed = False
    results = []
    for path in files:
        if _is_subtitle_file(path):
            report = _attempt(path, qc.check_file, path, style)
            if report is _FAILED:
                failed = True
                continue
            failed = failed or report.hard_violations > 0
            if as_json:
                results.append({"file": path, "kind": report.kind, "cues": report.cues, "summary": report.summary(), "warnings": report.warnings, "issues": [asdict(i) for i in report.issues]})
                continue
            for warning in report.warnings:
                click.echo(f"{path}: warning: {warning}")
            if not summary_only:
                for issue in report.issues:
                    click.echo(qc.format_issue(issue, path))
            click.echo(f"{path}: {report.summary()}")
            continue
        # the audit judges the transcript as written: the reader must not re-pair it first
        doc = _attempt(path, load, path, format=fmt, repair_pairing=False)
        audit = _FAILED if doc is _FAILED else _attempt(path, audit_document, doc)
        if audit is _FAILED:
            failed = True
            continue
        failed = failed or not audit.ok
        if as_json:
            results.append(report_to_dict(audit, path))
        else:
            click.echo(format_report(audit, path, summary_only=summary_only))
    if as_json:
        import json

        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("names", nargs=-1)
@click.option("--options", "show_options", is_flag=True, help="List every exporter's options too (loads the exporters).")
def formats(names: tuple[str, ...], show_options: bool) -> None:
    """List input formats (readers), output formats (exporters) and timed reference formats.

    Exporters are listed from their entry points without being loaded; their
    options are listed for the NAMES given, or for all with --options.

    \b
    Examples:
      diglot formats
      diglot formats srt epub      # with their options
      diglot formats --options
    """
    from . import exporters, readers

    click.echo("Input formats (sniffed; --from NAME to force):")
    for name in readers.available():
        click.echo(f"  {name:12} {readers.describe(name)}")
    known = exporters.available()
    for name in names:
        if name not in known:
            raise click.BadParameter(f"unknown format {name!r} (available: {', '.join(known)})", param_hint="NAMES")
    click.echo("\nOutput formats (--to NAME[,NAME...]; options as -O NAME.OPTION=VALUE; 'diglot formats NAME' lists them):")
    for name in names or known:
        try:
            description = exporters.describe(name)
        except OptionError as exc:
            click.echo(f"  {name:12} (unavailable: {exc.reason})")
            continue
        click.echo(f"  {name:12} {description}")
        if not (show_options or names):
            continue
        try:
            cls = exporters.get(name)
        except OptionError as exc:
            click.echo(f"      (unavailable: {exc.reason})")
            continue
        for f in exporters.option_fields(cls):
            click.echo(f"      -O {name}.{exporters.describe_option(f)}")
    from .timing import references

    click.echo("\nTimed references (export --timing-from REF, or diglot retime; sniffed; --ref-format NAME to force):")
    for name, description in references.formats().items():
        click.echo(f"  {name:12} {description}")


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that temporary files and folders are removed on the way out."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def main() -> None:
    """Run the command line: exit 0/1/2 as documented, 130 on Ctrl-C, 143 on SIGTERM.

    The console entry point: it ends the process (see :func:`_leave`).
    """
    import atexit
    import signal

    atexit.register(_leave)  # registered first, so run last (exit handlers run last in, first out)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = cli(prog_name="diglot", standalone_mode=False)
    except click.ClickException as exc:  # usage errors: click's own message, exit 2
        exc.show()
        _exit(exc.exit_code)
    except DiglotError as exc:  # errors outside the per-file loops (e.g. the output directory)
        _error(exc)
        _exit(1)
    except (KeyboardInterrupt, click.exceptions.Abort) as exc:
        terminated = isinstance(exc, _Terminated) or isinstance(exc.__context__, _Terminated)
        click.echo("diglot: terminated" if terminated else "diglot: interrupted", err=True)
        _exit(143 if terminated else 130)
    except Exception as exc:  # noqa: BLE001 - never a bare traceback without --debug
        _unexpected(exc, "diglot")
        _exit(1)
    _exit(code if isinstance(code, int) else 0)


class _Exit:
    code: int | None = None


def _exit(code: int) -> NoReturn:
    _Exit.code = code
    sys.exit(code)


def _leave() -> None:
    """The last exit handler: leave without the interpreter's teardown once the command is done.

    After the exit handlers, Python frees every object one by one and runs a
    full garbage collection over them all (the prepared document, the
    dictionaries, the modules): about 45 ms of ``diglot inspect``, 35 ms of a
    small EPUB and 0.1 s of a long talk's ``--to all`` on the project machine.
    Nothing is left to do by then: every output was written and closed, and
    every handler registered after this one (temporary folders, logging) has
    run, since handlers run in reverse order. So the standard streams are
    flushed and the process exits with its code. Only when :func:`main` chose
    the code; when a flush fails (a closed pipe), Python's own exit reports it.
    """
    if _Exit.code is None:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    import os

    os._exit(_Exit.code)


if __name__ == "__main__":
    main()
