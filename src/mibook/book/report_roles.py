"""The book's links in a chapter that a report shows without the rest of the book.

``mibook run`` without input files builds the book's own chapters as a standalone report: the
chapters alone, with no glossary, no references page and no background pages, and warnings as
errors. The chapters' prose links all three (``{term}``, ``{cite:p}``, ``{cite:t}``, ``{doc}``
and ``{ref}``), so before the report is built each link that would point outside it becomes the
text it shows:

* ``{term}`shown <target>``` becomes "shown" (a bare ``{term}`target``` "target");
* a citation becomes its author–year text as the book prints it, from ``references.bib``
  (:func:`mibook.book.sphinx_bibliography.author_year`): ``{cite:p}`` "(Foldal et al., 2021,
  Table 3)", ``{cite:t}`` "Foldal et al. (2021)";
* ``{doc}`` to a page and ``{ref}`` to a label that the report does not have become their shown
  text (a bare ``{doc}`` the title of the book's page). Links between the report's own chapters
  stay links.

Every other role (``{glue:text}``, ``{download}``) is left as it is.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from pybtex.database import parse_file
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from mibook import paths
from mibook.book.sphinx_bibliography import author_year

#: A MyST role with its content: ``{name}`content```.
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
#: Labels a notebook defines: a ``(label)=`` target, or a directive's ``:label:`` or ``:name:``.
LABEL = re.compile(r"^\((?P<target>[\w-]+)\)=\s*$|^:(?:label|name): (?P<option>[\w-]+)\s*$", re.M)


@functools.cache
def bibliography(path: Path = paths.ROOT / "references.bib") -> dict[str, str]:
    """Citation key -> author–year label, for every entry of the book's bibliography.

    Parameters
    ----------
    path : pathlib.Path, default ``references.bib`` of the project
        A BibTeX file.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> bibliography()["foldal2021"]
    'Foldal et al., 2021'
    """
    entries = parse_file(str(path), "bibtex").entries
    return {key: author_year(entry) for key, entry in entries.items()}


def citation_text(role: str, content: str, labels: Mapping[str, str]) -> str:
    """The text of a citation role, as the book's references style prints it.

    Parameters
    ----------
    role : str
        ``cite``, ``cite:p`` (parenthetical) or ``cite:t`` (textual).
    content : str
        The role's content: keys separated by commas, each with an optional ``{pre-text}``
        before and ``{post-text}`` after it.
    labels : mapping of str to str
        Citation key -> author–year label ("Foldal et al., 2021"), as :func:`bibliography`.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For another citation role, or a key that is not in ``labels``.

    Examples
    --------
    >>> labels = {"a": "Foldal et al., 2021", "b": "Ståhl and Gustavsson, 2018"}
    >>> citation_text("cite:p", "a{Table 3}, b", labels)
    '(Foldal et al., 2021, Table 3; Ståhl and Gustavsson, 2018)'
    >>> citation_text("cite:t", "b", labels)
    'Ståhl and Gustavsson (2018)'
    """
    if role not in ("cite", "cite:p", "cite:t"):
        raise ValueError(f"{{{role}}} cannot be written as text in a report: use cite:p or cite:t")
    parts = []
    for target in parse_citation_targets(content):
        if target.key not in labels:
            raise ValueError(f"{target.key!r} is not in the bibliography")
        label = labels[target.key]
        post = f", {target.post}" if target.post else ""
        if role == "cite:t":
            authors, year = label.rsplit(", ", 1)
            parts.append(f"{authors} ({' '.join(filter(None, [target.pre, year]))}{post})")
        else:
            parts.append(" ".join(filter(None, [target.pre, label])) + post)
    if role == "cite:t":
        if len(parts) <= 2:
            return " and ".join(parts)
        return ", ".join(parts[:-1]) + ", and " + parts[-1]
    return "(" + "; ".join(parts) + ")"


def _shown_and_target(content: str) -> tuple[str | None, str]:
    match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", content)
    if match:
        return match.group(1), match.group(2).strip()
    return None, content.strip()


def _book_page_title(target: str) -> str:
    for suffix in (".md", ".ipynb"):
        page = paths.BOOK / f"{target}{suffix}"
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            if suffix == ".ipynb":
                text = "\n".join(
                    "".join(c["source"])
                    for c in json.loads(text)["cells"]
                    if c["cell_type"] == "markdown"
                )
            heading = re.search(r"^# (.+)$", text, re.M)
            if heading:
                return heading.group(1).strip()
    raise ValueError(f"{{doc}}`{target}` names no page of the book: give the link a text")


def for_report(
    markdown: str,
    pages: Collection[str],
    labels: Collection[str],
    bib: Mapping[str, str] | None = None,
) -> str:
    """A markdown cell of a book chapter, with every link that would leave the report made text.

    Parameters
    ----------
    markdown : str
        The cell's MyST source.
    pages : collection of str
        The report's pages, by name (``audit``, ``miti_fidelity``).
    labels : collection of str
        The labels the report's pages define (:func:`labels_in`).
    bib : mapping of str to str, optional
        Citation key -> label (default: :func:`bibliography`).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For a citation this module cannot write, a bare ``{ref}`` to a label the report lacks,
        or a bare ``{doc}`` to a page the book does not have.

    Examples
    --------
    >>> text = ("The {term}`reconstruction` of {term}`Table 3 <feasible set>` "
    ...         "{cite:p}`foldal2021`; see {doc}`audit`, {doc}`the MITI page <background/miti>`, "
    ...         "{ref}`the ledger <audit-ledger>` and {glue:text}`n`.")
    >>> print(for_report(text, pages={"audit"}, labels=set()))
    The reconstruction of Table 3 (Foldal et al., 2021); see {doc}`audit`, the MITI page, the ledger and {glue:text}`n`.
    """  # noqa: E501 - a doctest's output line
    bib = bibliography() if bib is None else bib

    def replace(match: re.Match) -> str:
        name, content = match.group("name"), match.group("content")
        if name == "cite" or name.startswith("cite:"):
            return citation_text(name, content, bib)
        shown, target = _shown_and_target(content)
        if name == "term":
            return shown if shown is not None else target
        if name == "doc":
            if target in pages:
                return match.group(0)
            return shown if shown is not None else _book_page_title(target)
        if name == "ref":
            if target in labels:
                return match.group(0)
            if shown is None:
                raise ValueError(f"{{ref}}`{target}` leaves the report: give the link a text")
            return shown
        return match.group(0)

    return ROLE.sub(replace, markdown)


def labels_in(markdown_cells: Iterable[str]) -> set[str]:
    """The labels that markdown sources define: ``(label)=`` targets, ``:label:`` and ``:name:``.

    Parameters
    ----------
    markdown_cells : iterable of str

    Returns
    -------
    set of str

    Examples
    --------
    >>> sorted(labels_in(["(audit-ledger)=\\n## The ledger", "```{glue:figure} f\\n:name: fig-a\\n```"]))
    ['audit-ledger', 'fig-a']
    """  # noqa: E501 - a doctest's input line
    found = set()
    for text in markdown_cells:
        for match in LABEL.finditer(text):
            found.add(match.group("target") or match.group("option"))
    return found
