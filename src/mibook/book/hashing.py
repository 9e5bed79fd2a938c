"""Content hashes that decide what ``mibook build`` reruns: never timestamps.

A notebook reruns when its template, parameters, data files or the package's code changed; the
HTML rebuilds when a page source changed.

Why hand-written
----------------
Jupyter Book's execution cache (jupyter-cache) hashes a notebook's code cells and kernel, not
the data files a notebook reads nor the package it imports, so a change to either would leave
stale pages. These hashes cover both; they are SHA-256 of file contents, so a touched but
unchanged file reruns nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mibook import paths
from mibook.book.registry import DEFAULT_INPUT_FILES, Chapter


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_hash() -> str:
    """One hash over the package's source: any code change reruns every notebook.

    Returns
    -------
    str
        SHA-256 (hex) over the path and bytes of every ``.py`` file under ``src/mibook``, in
        sorted order. Docstrings and comments count: any edit reruns every notebook.

    Examples
    --------
    >>> digest = package_hash()
    >>> len(digest), digest == package_hash()
    (64, True)
    """
    digest = hashlib.sha256()
    for path in sorted((paths.ROOT / "src" / "mibook").rglob("*.py")):
        digest.update(path.relative_to(paths.ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


#: What the reconstruction can read: the published numbers, and the code of its own layer and
#: the layers below it (import-linter forbids it to import anything else).
RECONSTRUCTION_SOURCES = (
    "src/mibook/reconstruct",
    "src/mibook/analysis",
    "src/mibook/inputs",
    "src/mibook/published",
    "src/mibook/checks",
    "src/mibook/files.py",
    "src/mibook/paths.py",
)


def reconstruction_hash() -> str:
    """The hash that decides whether ``data/reconstructed/`` must be regenerated.

    Returns
    -------
    str
        SHA-256 (hex) over the files of ``data/published/`` and the source of every module the
        reconstruction may import (:data:`RECONSTRUCTION_SOURCES`), paths and bytes, in sorted
        order.

    Examples
    --------
    >>> len(reconstruction_hash()), reconstruction_hash() == reconstruction_hash()
    (64, True)
    """
    files = sorted(p for p in paths.PUBLISHED.rglob("*") if p.is_file())
    for source in RECONSTRUCTION_SOURCES:
        path = paths.ROOT / source
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(paths.ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def chapter_hash(chapter: Chapter, parameters: dict, code_hash: str) -> str:
    """The hash that decides whether a chapter's notebook must run again.

    Parameters
    ----------
    chapter : mibook.book.registry.Chapter
        The chapter.
    parameters : dict
        The parameters it runs with (JSON-serialisable).
    code_hash : str
        :func:`package_hash`.

    Returns
    -------
    str
        SHA-256 (hex) over the template's bytes, the parameters (as sorted JSON), the code hash,
        and the path and bytes of every data file the chapter reads: the published numbers, the
        data package and the default files of its input kinds (a missing file counts as
        ``<absent>``).

    Examples
    --------
    >>> from mibook.book.registry import CHAPTERS
    >>> sample = CHAPTERS[0]
    >>> chapter_hash(sample, {}, "code") == chapter_hash(sample, {}, "code")
    True
    >>> chapter_hash(sample, {"ci_level": 0.9}, "code") == chapter_hash(sample, {}, "code")
    False
    """
    digest = hashlib.sha256()
    digest.update(chapter.template.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    digest.update(code_hash.encode())
    data_files = [*sorted(p for p in paths.PUBLISHED.rglob("*") if p.is_file()), paths.DATAPACKAGE]
    for kind in chapter.inputs:
        data_files += DEFAULT_INPUT_FILES[kind]
    data_files += sorted(paths.COMPARISON.glob("*.csv")) if "comparison" in chapter.inputs else []
    for path in data_files:
        digest.update(path.relative_to(paths.ROOT).as_posix().encode())
        digest.update(path.read_bytes() if path.exists() else b"<absent>")
    return digest.hexdigest()


#: The Sphinx extensions of the package that ``_config.yml`` loads: a change to one changes pages
#: whose sources did not change (the footer, the labels of the references).
SPHINX_EXTENSIONS = (
    "src/mibook/book/sphinx_site.py",
    "src/mibook/book/sphinx_bibliography.py",
)


def html_sources_hash(root: Path) -> str:
    """The hash that decides whether Jupyter Book must rebuild the HTML.

    Parameters
    ----------
    root : pathlib.Path
        The book's root folder.

    Returns
    -------
    str
        SHA-256 (hex) over the path and bytes of ``_config.yml``, ``_toc.yml``,
        ``references.bib``, every file under ``book/`` except ``book/tables/``, and the book's
        own Sphinx extensions (:data:`SPHINX_EXTENSIONS`: they shape every page); a file that
        does not exist is left out.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     (root / "book" / "tables").mkdir(parents=True)
    ...     _ = (root / "_toc.yml").write_text("root: intro\\n")
    ...     first = html_sources_hash(root)
    ...     os.utime(root / "_toc.yml", (0, 0))  # a new timestamp, the same bytes
    ...     _ = (root / "book" / "tables" / "counts.csv").write_text("n\\n1\\n")  # not a page
    ...     unchanged = html_sources_hash(root) == first
    ...     _ = (root / "_toc.yml").write_text("root: index\\n")
    ...     changed = html_sources_hash(root) != first
    >>> unchanged, changed
    (True, True)
    """
    digest = hashlib.sha256()
    candidates = [root / "_config.yml", root / "_toc.yml", root / "references.bib"]
    candidates += [root / source for source in SPHINX_EXTENSIONS]
    candidates += sorted(
        p for p in (root / "book").rglob("*") if p.is_file() and "tables" not in p.parts
    )
    for path in candidates:
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
