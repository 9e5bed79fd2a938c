"""``mibook build``: the changed templates into ``book/``, then the HTML into ``_build/html``.

A notebook whose template, parameters, inputs and package code hash to the value recorded in
``book/.mibook-manifest.json`` is skipped, and the HTML build is skipped when no page source
changed. The rerun guide is generated while the notebooks run.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from mibook import paths
from mibook.book import rerun_guide
from mibook.book.execute import (
    BuildResult,
    _run_jobs,
    default_jobs,
    longest_first,
    remember_durations,
)
from mibook.book.hashing import chapter_hash, html_sources_hash, package_hash
from mibook.book.jupyter_book import jupyter_book_build
from mibook.book.registry import CHAPTERS

MANIFEST = paths.BOOK / ".mibook-manifest.json"

HTML_STAMP = paths.BUILD / ".mibook-html-hash"


def build(
    force: bool = False, jobs: int | None = None, say=print, fresh_kernels: bool = False
) -> BuildResult:
    """``mibook build``: execute changed templates into ``book/``, then build ``_build/html``.

    Each worker reuses one kernel, reset between notebooks (:mod:`mibook.book.kernels`), unless
    ``fresh_kernels``."""
    result = BuildResult()

    def generate_pages():  # rerun guide and input templates, rewritten only if changed
        rerun_guide.write_generated(say=say)

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
    for template, target, _, _ in pending:
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
        f"  html written to {paths.relative_to_root(paths.HTML)}/index.html ({time.perf_counter() - start:.1f} s)"
    )
    return result
