"""``mibook build``: the changed templates into ``book/``, then the HTML into ``_build/html``.

A notebook whose template, parameters, inputs and package code hash to the value recorded in
``book/.mibook-manifest.json`` is skipped, and the HTML build is skipped when no page source
changed. The rerun guide is generated while the notebooks run; the appendix
(:mod:`mibook.book.appendix`) and the "How to cite" page (:mod:`mibook.book.how_to_cite`) after
them, from the tables they wrote.

Why hand-written
----------------
Jupyter Book's own cache (jupyter-cache, ``execute_notebooks: cache``) reruns a notebook when
its code cells change, but not when the data files it reads or the package's code change, and it
executes notebooks one after another without parameters. Here the templates run with papermill
in parallel workers (:mod:`mibook.book.execute`) and Jupyter Book only renders, with execution
off; :mod:`mibook.book.hashing` decides what to rerun.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from mibook import paths, reconstruct
from mibook.book import appendix, how_to_cite, rerun_guide
from mibook.book.execute import (
    BuildResult,
    _run_jobs,
    default_jobs,
    longest_first,
    remember_durations,
)
from mibook.book.hashing import (
    chapter_hash,
    html_sources_hash,
    package_hash,
    reconstruction_hash,
)
from mibook.book.jupyter_book import jupyter_book_build
from mibook.book.registry import CHAPTERS

MANIFEST = paths.BOOK / ".mibook-manifest.json"

HTML_STAMP = paths.BUILD / ".mibook-html-hash"
#: The reconstruction hash of the last build (a local cache: a fresh clone reconstructs once).
RECONSTRUCTED_STAMP = paths.BUILD / ".mibook-reconstructed-hash"


def generated_pages() -> tuple[Path, ...]:
    """Every page of ``book/`` that ``mibook build`` writes from code and data (never by hand):
    the rerun guide and its reference pages, the appendix and the "How to cite" page.

    Their sentences name the articles as the data name them, so the checks of hand-written
    prose (citations as links, glossary terms at first use) leave them out.

    Examples
    --------
    >>> sorted(p.relative_to(paths.BOOK).as_posix() for p in generated_pages())[:3]
    ['appendix/checks.md', 'appendix/checks_counts.md', 'appendix/checks_means.md']
    >>> all(p.exists() for p in generated_pages())
    True
    """
    return (
        rerun_guide.GUIDE,
        *(rerun_guide.RERUN / f"{name}.md" for name in rerun_guide.SUBPAGES),
        *(appendix.page_path(name) for name in appendix.PAGES),
        how_to_cite.PAGE,
    )


def refresh_reconstructed(say=print, force: bool = False) -> bool:
    """Regenerate ``data/reconstructed/`` when the published numbers or the reconstruction code
    changed since the last build (or always, with ``force``); return whether it ran.

    The reconstruction is deterministic, so a rerun on unchanged inputs rewrites nothing: files
    whose bytes are the same keep their modification time (:func:`mibook.files.write_text_atomic`).
    """
    digest = reconstruction_hash()
    if not force and RECONSTRUCTED_STAMP.exists() and RECONSTRUCTED_STAMP.read_text() == digest:
        return False
    say("  reconstructing data/reconstructed/ (published numbers or reconstruction code changed)")
    reconstruct.main()
    RECONSTRUCTED_STAMP.parent.mkdir(parents=True, exist_ok=True)
    RECONSTRUCTED_STAMP.write_text(digest)
    return True


def build(
    force: bool = False, jobs: int | None = None, say=print, fresh_kernels: bool = False
) -> BuildResult:
    """``mibook build``: execute changed templates into ``book/``, then build ``_build/html``.

    Each worker reuses one kernel, reset between notebooks (:mod:`mibook.book.kernels`), unless
    ``fresh_kernels``. The HTML is built only when every notebook ran.

    Parameters
    ----------
    force : bool, default False
        Rerun every notebook and rebuild the HTML, whatever the hashes say.
    jobs : int, optional
        Notebooks run in parallel (default: the number of cores).
    say : callable, default print
        Receives one line of progress at a time.
    fresh_kernels : bool, default False
        Start a new kernel for every notebook.

    Returns
    -------
    mibook.book.execute.BuildResult
        The notebooks executed and skipped, whether the HTML was built, and the failures
        (a notebook's, or Jupyter Book's log).
    """
    result = BuildResult()

    def generate_pages():  # rerun guide and input templates, rewritten only if changed
        rerun_guide.write_generated(say=say)

    refresh_reconstructed(say, force)
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    code = package_hash()
    pending = []
    hashes = {}
    for chapter in CHAPTERS:
        target = paths.BOOK / f"{chapter.name}.ipynb"
        digest = chapter_hash(chapter, {}, code)
        hashes[chapter.name] = digest
        if not force and manifest.get(chapter.name) == digest and target.exists():
            result.skipped.append(chapter.name)
            say(f"  up to date {target.name}")
            continue
        pending.append((str(chapter.template), str(target), {}, str(paths.BOOK)))
    timings: dict = {}
    result.failures = _run_jobs(
        longest_first(pending),
        jobs or default_jobs(),
        say,
        alongside=generate_pages,
        timings=timings,
        reuse_kernels=not fresh_kernels,
    )
    remember_durations(timings)
    appendix.write_generated(say=say)  # after the notebooks: it shows the tables they wrote
    how_to_cite.write_generated(say=say)  # after the notebooks: it lists the tables they wrote
    for _template, target, _, _ in pending:
        name = Path(target).stem
        if not any(f.startswith(Path(target).name) for f in result.failures):
            result.executed.append(name)
            manifest[name] = hashes[name]
    manifest = {k: manifest[k] for k in sorted(manifest) if k in hashes}
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    if result.failures:
        return result

    digest = html_sources_hash(paths.ROOT)
    index = paths.HTML / "index.html"
    if not force and HTML_STAMP.exists() and HTML_STAMP.read_text() == digest and index.exists():
        say("  html up to date")
        return result
    say("building html (jupyter-book, warnings as errors)")
    start = time.perf_counter()
    ok, log = jupyter_book_build(paths.ROOT)
    if not ok:
        result.failures.append("jupyter-book build failed:\n" + log.strip())
        say(log.strip())
        return result
    HTML_STAMP.parent.mkdir(parents=True, exist_ok=True)
    HTML_STAMP.write_text(digest)
    result.html_built = True
    say(
        f"  html written to {paths.relative_to_root(paths.HTML)}/index.html "
        f"({time.perf_counter() - start:.1f} s)"
    )
    return result
