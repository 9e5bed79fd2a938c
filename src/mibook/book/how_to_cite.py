"""The "How to cite" page, ``book/how_to_cite.md``, generated from ``CITATION.cff``.

Nothing on the page is typed twice: the title, version, release date, authors, addresses and
the two articles come from ``CITATION.cff`` (:mod:`mibook.book.citation`); the data files and
their descriptions from ``data/datapackage.json``; the tables from the files in
``book/tables/``. ``mibook build`` calls :func:`write_generated` after the notebooks ran (so that
every table they wrote is listed) and before it decides whether the HTML must be rebuilt; the
page is rewritten only when its text changed, so a rebuild leaves every byte as it was.

Every file listed is linked with MyST's ``{download}`` role: Sphinx copies it into the site, so
the published book carries its own data. The page also links the whole book as one PDF
(``mibook.pdf`` at the root of the site, written by ``make pdf``: :mod:`mibook.book.pdf`).

Examples
--------
>>> from mibook.book import how_to_cite
>>> text = how_to_cite.page()
>>> text.startswith("# How to cite and keep this book")
True
>>> "{download}`numbers.csv <../data/published/numbers.csv>`" in text
True
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

from mibook import markup, paths
from mibook.book.citation import Citation, Reference, load, person_name
from mibook.files import write_changed

PAGE = paths.BOOK / "how_to_cite.md"
#: The whole-book PDF, relative to a page in ``book/`` (written by ``make pdf`` into the root of
#: the site, ``_build/html/mibook.pdf``).
PDF_HREF = "../mibook.pdf"
#: Text licence of the book (the code's licence is ``license`` in ``CITATION.cff``).
TEXT_LICENCE = "CC BY 4.0"
_SENTENCE_END = re.compile(r"(?<!\bal)\.\s+(?=[A-Z0-9])")


def _relative(target: Path, start: Path = paths.BOOK) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


def _shape(path: Path) -> tuple[int, int]:
    """(data rows, columns) of a CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return max(len(rows) - 1, 0), len(rows[0]) if rows else 0


def _first_sentence(text: str) -> str:
    """The first sentence of a description ("et al." does not end one)."""
    text = " ".join(str(text).split())
    match = _SENTENCE_END.search(text)
    return text if match is None else text[: match.start() + 1]


def _download(path: Path) -> str:
    return f"{{download}}`{path.name} <{_relative(path)}>`"


def _family_first(author: dict) -> str:
    """``Ståhl C.``: family name, then given names (an entity's ``name`` as it is)."""
    if author.get("family-names"):
        return " ".join(str(author[k]) for k in ("family-names", "given-names") if author.get(k))
    return person_name(author)


def reference_text(ref: Reference) -> str:
    """One article as a line of the page: authors (year), title, journal volume(issue), DOI link.

    Examples
    --------
    >>> ref = load().references[0]
    >>> "(2018)" in reference_text(ref) and "https://doi.org/10.1007/s10926-017-9731-0" in (
    ...     reference_text(ref))
    True
    """
    names = ", ".join(markup.text(_family_first(a)) for a in ref.authors)
    issue = f"({markup.text(ref.issue)})" if ref.issue else ""
    doi = f" [doi:{ref.doi}](https://doi.org/{ref.doi})" if ref.doi else ""
    return (
        f"{names} ({markup.text(ref.year)}). {markup.text(ref.title)}. "
        f"*{markup.text(ref.journal)}* {markup.text(ref.volume)}{issue}.{doi}"
    )


def bibtex(cite: Citation) -> str:
    """The book as a BibTeX ``@software`` entry (key ``mibook``).

    Examples
    --------
    >>> print(bibtex(load()).splitlines()[0])
    @software{mibook,
    """
    fields = [
        ("title", cite.title),
        ("author", " and ".join(f"{{{name}}}" for name in cite.authors)),
        ("version", cite.version),
        ("date", cite.date_released),
        ("year", cite.year),
        ("url", cite.book_url),
        ("license", cite.license),
    ]
    lines = [f"  {key} = {{{value}}}," for key, value in fields if value]
    return "@software{mibook,\n" + "\n".join(lines) + "\n}"


def _data_files() -> list[tuple[Path, str]]:
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    return [
        (paths.DATA / resource["path"], _first_sentence(resource.get("description", "")))
        for resource in package["resources"]
    ]


def page(cite: Citation | None = None) -> str:
    """The text of ``book/how_to_cite.md``.

    Parameters
    ----------
    cite : Citation, optional
        The metadata to show (default: ``CITATION.cff``'s).

    Returns
    -------
    str
        MyST Markdown: how to cite the book (text and BibTeX), the two articles, where the
        book and its code live, the whole book as PDF, and a download link for every data file
        and every table; ends with one newline.
    """
    cite = cite or load()
    authors = ", ".join(markup.text(a) for a in cite.authors)
    version = f", version {markup.text(cite.version)}" if cite.version else ""
    articles = "\n".join(f"* {reference_text(ref)}" for ref in cite.references)
    data_rows = "\n".join(
        f"| {_download(path)} | {_shape(path)[0]} | {_shape(path)[1]} | "
        f"{description.replace('|', chr(92) + '|')} |"
        for path, description in _data_files()
    )
    table_rows = "\n".join(
        f"| {_download(path)} | {_shape(path)[0]} | {_shape(path)[1]} |"
        for path in sorted(paths.BOOK_TABLES.glob("*.csv"))
    )
    return f"""# How to cite and keep this book

<!-- Generated from CITATION.cff by src/mibook/book/how_to_cite.py at every `mibook build`:
     do not edit by hand. -->

{markup.text(cite.message)}

## The book

{authors} ({markup.text(cite.year)}). *{markup.text(cite.title)}*{version}. <{cite.book_url}>

* **Version** {markup.text(cite.version)}, released {markup.text(cite.date_released)}.
* **Authors**: {authors}.
* **The book**: <{cite.book_url}>
* **Code and data**: <{cite.repository_code}>
* **Licence**: code {markup.text(cite.license)}; text of the book {TEXT_LICENCE}.

The same as BibTeX:

```bibtex
{bibtex(cite)}
```

Every page of the book shows this version and its release date at the bottom.

## The two articles

Cite the articles the book re-analyses as well:

{articles}

## Keep a copy

<a class="mibook-pdf-link reference external" href="{PDF_HREF}">Download the whole book as PDF</a>
(one file, every page of the book in order, with the tables and figures).

### Data

The data files of the book, described field by field on
[the book's own data files](rerun/data_files.md), a page of the rerun guide, and in
{_download(paths.DATAPACKAGE)} (a Frictionless data package).

| file | rows | columns | what it holds |
|---|---:|---:|---|
{data_rows}

### Tables

Every table the chapters compute, as written by `mibook build` (comma-separated, UTF-8).

| file | rows | columns |
|---|---:|---:|
{table_rows}
"""


def write_generated(say=None) -> list[Path]:
    """Write ``book/how_to_cite.md`` when its text changed; return the files written.

    Parameters
    ----------
    say : callable, optional
        Receives one line per file written.

    Returns
    -------
    list of pathlib.Path
        ``[PAGE]`` when it was rewritten (atomically), else an empty list.
    """
    return write_changed({PAGE: page()}, say, paths.ROOT)
