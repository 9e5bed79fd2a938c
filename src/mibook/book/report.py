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
import zipfile
from pathlib import Path

import nbformat
import pandas as pd

from mibook import markup, paths
from mibook.book import report_roles
from mibook.book.citation import book_url
from mibook.book.execute import BuildResult, _run_jobs, default_jobs, longest_first
from mibook.book.jupyter_book import jupyter_book_build
from mibook.book.registry import CHAPTERS, INPUT_PARAMETER, REPORT_CHAPTERS
from mibook.files import write_table
from mibook.inputs import typed
from mibook.inputs.problems import Problem
from mibook.inputs.validate import Loaded

REPORT_MARKER = ".mibook-report"
#: The book's style sheet for tables (wrapping cells, scrolling with a visible cue), which a
#: report's pages use too; copied into the report's ``_static``.
TABLES_CSS = paths.BOOK / "_static" / "tables.css"


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
    html_static_path: ["_static"]
    html_css_files: ["tables.css"]
    nb_render_markdown_format: myst
    smartquotes: false
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
    study: str | None = None,
    merged: dict[str, Path] | None = None,
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
    study : str, optional
        The study's name (``--title`` or the codebook's ``study.title``), put into the heading
        of every chapter of a report about the user's study.
    merged : dict, optional
        Input kind → a file already merged into ``inputs`` (``miti_utterances``: counted into
        the MITI sessions), listed on the first page with the files the report read.

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
    chapters = report_chapters(inputs)
    try:
        notebooks = work / "notebooks"
        notebooks.mkdir()
        staged = _stage_inputs(inputs, work / "_inputs")
        jobs_list = []
        for chapter in chapters:
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
        result.executed = [c.name for c in chapters]
        merge_benchmark(work / "tables")
        source = work / "_source"
        source.mkdir()
        (source / "_config.yml").write_text(
            REPORT_CONFIG.format(title=json.dumps(title)), encoding="utf-8"
        )
        pages = [c.name for c in chapters] + ([ABOUT_PAGE] if inputs else [])
        toc = ["format: jb-book", "root: index", "chapters:"] + [f"- file: {p}" for p in pages]
        (source / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
        (source / "_static").mkdir()
        shutil.copyfile(TABLES_CSS, source / "_static" / TABLES_CSS.name)
        (source / "index.md").write_text(
            _report_index(title, inputs, chapters, merged or {}), encoding="utf-8"
        )
        if inputs:
            (source / f"{ABOUT_PAGE}.md").write_text(about_page(), encoding="utf-8")
            shutil.copytree(work / "tables", source / "tables")  # the pages link their CSV files
        for chapter in chapters:
            executed = notebooks / f"{chapter.name}.ipynb"
            if inputs and study:
                name_the_study(executed, study)
            _copy_without_teaching(executed, source / f"{chapter.name}.ipynb")
        if not inputs:  # the book's own chapters, which link the rest of the book
            _keep_links_inside(source, pages)
        say("building html (jupyter-book, warnings as errors)")
        ok, log = jupyter_book_build(source, work / "_html_build")
        if not ok:
            result.failures.append("jupyter-book build failed:\n" + log.strip())
            return result
        shutil.move(str(work / "_html_build" / "_build" / "html"), str(work / "html"))
        shutil.rmtree(work / "_html_build")
        shutil.rmtree(source)
        shutil.rmtree(work / "_inputs")  # copies of the user's data stay out of the report
        write_zip(work, work / "report.zip")
        (work / REPORT_MARKER).write_text("mibook report\n")
        result.html_built = True
        if out.exists():
            shutil.rmtree(out)
        os.replace(work, out)
        say(f"report written to {out}/html/index.html (and {out}/report.zip)")
        return result
    finally:
        # Remove the unfinished report even if a second Ctrl-C arrives while doing so.
        previous = _ignore_sigint()
        try:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        finally:
            _restore_sigint(previous)


#: The page that ends a report about a user's study.
ABOUT_PAGE = "about_published_studies"


def report_chapters(inputs: dict) -> tuple:
    """The chapters of a report: the book's chapters when no input file is given (the book on
    its default data), else the report chapters whose inputs were given, in order."""
    if not inputs:
        return CHAPTERS
    return tuple(c for c in REPORT_CHAPTERS if set(c.inputs) & set(inputs))


def merge_benchmark(tables: Path) -> Path | None:
    """Gather the chapters' ``benchmark_*.csv`` into ``benchmark.csv`` (in chapter order) and
    remove the parts; None when no chapter wrote any."""
    order = [c.name.removeprefix("report_") for c in REPORT_CHAPTERS]
    parts = sorted(
        tables.glob("benchmark_*.csv"),
        key=lambda p: (
            order.index(p.stem.removeprefix("benchmark_"))
            if p.stem.removeprefix("benchmark_") in order
            else len(order)
        ),
    )
    if not parts:
        return None
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts]
    target = write_table(pd.concat(frames, ignore_index=True), tables, "benchmark.csv")
    for part in parts:
        part.unlink()
    return target


def name_the_study(notebook: Path, study: str) -> None:
    """Put the study's name into the first heading of an executed report chapter, as literal
    text (``# Who answered`` becomes ``# Who answered — <study>``)."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            first, _, rest = cell.source.partition("\n")
            cell.source = f"{first} \u2014 {markup.text(study)}" + (f"\n{rest}" if rest else "")
            break
    nbformat.write(nb, notebook)


ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(folder: Path, target: Path) -> Path:
    """``folder``'s ``html/``, ``tables/`` and ``notebooks/`` as one zip file, byte-stable: the
    files in sorted order, each with the same fixed time stamp and permissions."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in ("html", "tables", "notebooks"):
            for path in sorted((folder / part).rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, path.read_bytes())
    return target


def about_page() -> str:
    """The last page of a report: the two published studies, and where the book is."""
    url = book_url()
    return f"""# About the published studies

This report compares a study with two published studies of motivational interviewing (MI) as
a return-to-work intervention in social insurance:

* Ståhl & Gustavsson (2018), *Introducing Motivational Interviewing in a Sickness Insurance
  Context: Translation and Implementation Challenges*, Journal of Occupational Rehabilitation
  28(2), [doi:10.1007/s10926-017-9731-0](https://doi.org/10.1007/s10926-017-9731-0): interviews
  with staff of the Swedish Social Insurance Agency after it trained its officials in MI;
* Foldal et al. (2021), *Barriers and Facilitators for Implementing Motivational Interviewing
  as a Return to Work Intervention in a Norwegian Social Insurance Setting*, Journal of
  Occupational Rehabilitation 31(4),
  [doi:10.1007/s10926-021-09964-9](https://doi.org/10.1007/s10926-021-09964-9): the process
  evaluation of two MI sessions offered to sick-listed workers by the Norwegian Labour and Welfare
  Administration, with a questionnaire of the workers and MITI codes of recorded sessions.

Every published value in this report is a number printed in those articles, taken from the
book's transcription. The book that re-analyses the two articles — how the numbers were
transcribed and checked, what the published tables allow, and the comparison of the two
implementations — is at <{url}>; the report was made with its command `mibook run`.
"""


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
#: Cells that only make sense inside the book: links to its appendix pages and to the tables it
#: publishes. A report has neither, so they are left out of it like the exercises.
BOOK_ONLY_TAG = "book-only"


def _copy_without_teaching(src: Path, dst: Path) -> None:
    """Copy an executed notebook into a report's source without the cells tagged ``teaching`` or
    ``book-only``.

    The first are the exercises, which link to the book's glossary and background pages; the
    second link to the book's appendix and the tables it publishes.
    """
    nb = nbformat.read(src, as_version=4)
    dropped = {TEACHING_TAG, BOOK_ONLY_TAG}
    nb.cells = [c for c in nb.cells if not dropped & set(c.get("metadata", {}).get("tags", []))]
    nbformat.write(nb, dst)


def _keep_links_inside(source: Path, pages: list[str]) -> None:
    """Make every link of the chapters in ``source`` that would leave the report its text.

    The book's chapters link its glossary, references and background pages, which a report
    does not have (:mod:`mibook.book.report_roles`); links between the report's own pages stay.
    """
    chapters = {p: source / f"{p}.ipynb" for p in pages if (source / f"{p}.ipynb").exists()}
    notebooks = {p: nbformat.read(path, as_version=4) for p, path in chapters.items()}
    labels = report_roles.labels_in(
        c.source for nb in notebooks.values() for c in nb.cells if c.cell_type == "markdown"
    )
    for page, nb in notebooks.items():
        changed = False
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                text = report_roles.for_report(cell.source, pages, labels)
                changed |= text != cell.source
                cell.source = text
        if changed:
            nbformat.write(nb, chapters[page])


def _report_index(
    title: str, inputs: dict, chapters: tuple = CHAPTERS, merged: dict | None = None
) -> str:
    """The first page of a report: its title, the files it read and what follows."""
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
        elif not inputs:
            lines.append(f"* {kind}: the book's default data")
        if kind == "miti" and (merged or {}).get("miti_utterances"):
            name = Path(merged["miti_utterances"]).name
            lines.append(f"* miti_utterances: {markup.code(name)} (counted into the sessions)")
    if inputs:
        lines += [
            "",
            "Its chapters describe the data of these files and compare them with the published "
            "studies where both give the same measure; the last page is about those studies. "
            "Every table is also a CSV file in the report's `tables` folder, and `report.zip` "
            "beside the `html` folder holds the whole report.",
            "",
        ]
    else:
        lines += ["", "Each chapter follows, in the order of the table of contents.", ""]
    return "\n".join(lines)
