"""The book's citation metadata, read from ``CITATION.cff``: the one place for its title,
version, release date, authors and addresses.

Everything that shows them reads them through :func:`load`: the generated "How to cite" page
(:mod:`mibook.book.how_to_cite`), the footer of every page and the theme's repository setting
(:mod:`mibook.book.sphinx_site`), and the last page of a report (:mod:`mibook.book.report`). To
move the project, change ``repository-code`` (the repository) and ``url`` (the published book)
in ``CITATION.cff``; to release a version, change ``version`` and ``date-released`` there.

Examples
--------
>>> cite = load()
>>> cite.title.startswith("mibook")
True
>>> cite.book_url == (cite.url or cite.repository_code)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from mibook import paths

CITATION = paths.ROOT / "CITATION.cff"


def person_name(entry: dict) -> str:
    """The name of a CFF author: an entity's ``name``, or a person's given and family names.

    Parameters
    ----------
    entry : dict
        One item of a CFF ``authors`` list.

    Returns
    -------
    str
        ``name`` when given, else ``given-names family-names`` (with ``name-particle`` and
        ``name-suffix`` where given).

    Examples
    --------
    >>> person_name({"name": "The mibook authors"})
    'The mibook authors'
    >>> person_name({"family-names": "Gustavsson", "given-names": "M."})
    'M. Gustavsson'
    """
    if entry.get("name"):
        return str(entry["name"])
    parts = [entry.get(key) for key in ("given-names", "name-particle", "family-names")]
    name = " ".join(str(p) for p in parts if p)
    return f"{name}, {entry['name-suffix']}" if entry.get("name-suffix") else name


@dataclass(frozen=True)
class Reference:
    """A work the book cites in ``CITATION.cff`` (``references``): one of the two articles."""

    title: str
    authors: tuple[dict, ...]
    journal: str
    year: str
    volume: str
    issue: str
    doi: str


@dataclass(frozen=True)
class Citation:
    """What ``CITATION.cff`` says about the book.

    Attributes
    ----------
    title, version, date_released, message, license : str
        As in the file (``date-released`` as ``YYYY-MM-DD``; empty when absent).
    authors : tuple of str
        The authors' names (:func:`person_name`).
    repository_code : str
        The repository's address.
    url : str
        The published book's address (empty when absent).
    references : tuple of Reference
        The works to cite alongside the book.
    """

    title: str
    version: str
    date_released: str
    authors: tuple[str, ...]
    repository_code: str
    url: str
    license: str
    message: str
    references: tuple[Reference, ...]

    @property
    def book_url(self) -> str:
        """Where the book is read: ``url``, else ``repository-code``."""
        return self.url or self.repository_code

    @property
    def year(self) -> str:
        """The year of ``date-released`` (empty when there is no date)."""
        return self.date_released[:4]


def _text(value) -> str:
    return "" if value is None else str(value)


def load(path: Path = CITATION) -> Citation:
    """Read ``CITATION.cff``.

    Parameters
    ----------
    path : pathlib.Path, optional
        A CFF file (default: the book's).

    Returns
    -------
    Citation
        Its title, version, date, authors, addresses and references; a YAML date
        (``date-released: 2026-12-03`` unquoted) is given back as ``YYYY-MM-DD``.
    """
    cff = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    references = tuple(
        Reference(
            title=_text(ref.get("title")),
            authors=tuple(ref.get("authors", ())),
            journal=_text(ref.get("journal")),
            year=_text(ref.get("year")),
            volume=_text(ref.get("volume")),
            issue=_text(ref.get("issue")),
            doi=_text(ref.get("doi")),
        )
        for ref in cff.get("references", ())
    )
    return Citation(
        title=_text(cff.get("title")),
        version=_text(cff.get("version")),
        date_released=_text(cff.get("date-released")),
        authors=tuple(person_name(a) for a in cff.get("authors", ())),
        repository_code=_text(cff.get("repository-code")),
        url=_text(cff.get("url")),
        license=_text(cff.get("license")),
        message=_text(cff.get("message")),
        references=references,
    )


def book_url() -> str:
    """The book's address, from ``CITATION.cff`` (its ``url``, else ``repository-code``).

    Examples
    --------
    >>> book_url().startswith("https://")
    True
    """
    return load().book_url
