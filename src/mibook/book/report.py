"""``mibook run``: every chapter on a user's files, as a standalone report.

The report is never half-written: it is assembled in a hidden sibling folder and renamed into
place only when every notebook ran and the HTML built. The notebooks run as in ``mibook build``
(:mod:`mibook.book.execute`), without the manifest: a report always reruns every chapter.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from mibook import markup
from mibook.book.execute import BuildResult, _run_jobs, default_jobs, longest_first
from mibook.book.jupyter_book import jupyter_book_build
from mibook.book.registry import CHAPTERS, INPUT_PARAMETER
from mibook.inputs import typed
from mibook.inputs.problems import Problem
from mibook.inputs.validate import Loaded

REPORT_MARKER = ".mibook-report"


REPORT_CONFIG = """\
title: {title}
author: ""
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions:
    - mibook.book.sphinx_safe
  config:
    html_show_copyright: false
    nb_render_markdown_format: myst
"""


def _is_our_report(directory: Path) -> bool:
    return (directory / REPORT_MARKER).exists()


def check_out_dir(out: Path) -> Problem | None:
    """Why ``out`` cannot be used for a report, or None when it can.

    Parameters
    ----------
    out : pathlib.Path
        The report folder asked for.

    Returns
    -------
    mibook.inputs.problems.Problem or None
        A problem when ``out`` is a file, or a folder with files that is not an earlier mibook
        report; None for a new or empty folder or an earlier report.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     print(check_out_dir(Path(folder) / "report"))
    ...     _ = (Path(folder) / "notes.txt").write_text("mine")
    ...     for part in check_out_dir(Path(folder)).expected.split("; "):
    ...         print(part)
    None
    a new or empty folder (or an earlier mibook report)
    this folder has other files, so it is left untouched
    """
    if out.exists() and not out.is_dir():
        return Problem(
            file=str(out), expected="a folder for the report, but a file of that name exists"
        )
    if out.is_dir() and any(out.iterdir()) and not _is_our_report(out):
        return Problem(
            file=str(out),
            expected=(
                "a new or empty folder (or an earlier mibook report); this folder has other "
                "files, so it is left untouched"
            ),
        )
    return None


def _stage_inputs(inputs: dict, folder: Path) -> dict[str, str]:
    """Put the run's inputs beside the notebooks, once: a validated file as a typed intermediate
    (:mod:`mibook.inputs.typed`), any other file as a copy. Returns each kind's path relative to
    the notebooks' folder, so that no notebook of the report holds a machine path."""
    folder.mkdir()
    staged = {}
    for kind, given in inputs.items():
        if isinstance(given, Loaded):
            target = typed.save(given, kind, folder)
        else:
            target = folder / Path(given).name
            shutil.copyfile(given, target)
        staged[kind] = f"../{folder.name}/{target.name}"
    return staged


def run_report(
    out: Path,
    inputs: dict[str, Loaded | Path],
    title: str,
    jobs: int | None = None,
    say=print,
    fresh_kernels: bool = False,
) -> BuildResult:
    """``mibook run``: every chapter on the given files, as a standalone report in ``out``.

    The report is assembled in a hidden sibling folder and renamed into place only when every
    notebook ran and the HTML built, so ``out`` is never half-written.

    Parameters
    ----------
    out : pathlib.Path
        The report folder (checked beforehand with :func:`check_out_dir`); replaced when it
        holds an earlier report.
    inputs : dict
        Input kind → the user's validated file (:class:`~mibook.inputs.validate.Loaded`, read
        once and handed to every chapter) or its path; a kind not given runs on the book's data.
    title : str
        The report's title.
    jobs : int, optional
        Notebooks run in parallel (default: the number of cores).
    say : callable, default print
        Receives one line of progress at a time.
    fresh_kernels : bool, default False
        Start a new kernel for every notebook.

    Returns
    -------
    mibook.book.execute.BuildResult
        Every chapter in ``executed`` and ``html_built`` on success; otherwise the failures,
        and ``out`` left as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.partial-"))
    result = BuildResult()
    try:
        notebooks = work / "notebooks"
        notebooks.mkdir()
        staged = _stage_inputs(inputs, work / "_inputs")
        jobs_list = []
        for chapter in CHAPTERS:
            parameters = {"output_dir": "../tables"}
            for kind in chapter.inputs:
                if kind in staged:
                    parameters[INPUT_PARAMETER[kind]] = staged[kind]
            jobs_list.append(
                (
                    str(chapter.template),
                    str(notebooks / f"{chapter.name}.ipynb"),
                    parameters,
                    str(notebooks),
                )
            )
        result.failures = _run_jobs(
            longest_first(jobs_list), jobs or default_jobs(), say, reuse_kernels=not fresh_kernels
        )
        if result.failures:
            return result
        result.executed = [c.name for c in CHAPTERS]
        source = work / "_source"
        source.mkdir()
        (source / "_config.yml").write_text(
            REPORT_CONFIG.format(title=json.dumps(title)), encoding="utf-8"
        )
        toc = ["format: jb-book", "root: index", "chapters:"] + [
            f"- file: {c.name}" for c in CHAPTERS
        ]
        (source / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
        (source / "index.md").write_text(_report_index(title, inputs), encoding="utf-8")
        for chapter in CHAPTERS:
            _copy_without_teaching(
                notebooks / f"{chapter.name}.ipynb", source / f"{chapter.name}.ipynb"
            )
        say("building html (jupyter-book, warnings as errors)")
        ok, log = jupyter_book_build(source, work / "_html_build")
        if not ok:
            result.failures.append("jupyter-book build failed:\n" + log.strip())
            return result
        shutil.move(str(work / "_html_build" / "_build" / "html"), str(work / "html"))
        shutil.rmtree(work / "_html_build")
        shutil.rmtree(source)
        shutil.rmtree(work / "_inputs")  # copies of the user's data stay out of the report
        (work / REPORT_MARKER).write_text("mibook report\n")
        result.html_built = True
        if out.exists():
            shutil.rmtree(out)
        os.replace(work, out)
        say(f"report written to {out}/html/index.html")
        return result
    finally:
        # Remove the unfinished report even if a second Ctrl-C arrives while doing so.
        previous = _ignore_sigint()
        try:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        finally:
            _restore_sigint(previous)


def _ignore_sigint():
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


def _restore_sigint(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGINT, previous)


TEACHING_TAG = "teaching"


def _copy_without_teaching(src: Path, dst: Path) -> None:
    """Copy an executed notebook into a report's source without the cells tagged ``teaching``.

    Those are the exercises, which link to the book's glossary and background pages.
    """
    nb = nbformat.read(src, as_version=4)
    nb.cells = [c for c in nb.cells if TEACHING_TAG not in c.get("metadata", {}).get("tags", [])]
    nbformat.write(nb, dst)


def _report_index(title: str, inputs: dict) -> str:
    lines = [
        f"# {markup.text(title)}",
        "",
        "A report produced by `mibook run` on these inputs:",
        "",
    ]
    for kind in ("respondents", "miti", "comparison"):
        if kind in inputs:
            given = inputs[kind]
            name = given.path.name if isinstance(given, Loaded) else Path(given).name
            lines.append(f"* {kind}: {markup.code(name)}")
        else:
            lines.append(f"* {kind}: the book's default data")
    lines += ["", "Each chapter follows, in the order of the table of contents.", ""]
    return "\n".join(lines)
