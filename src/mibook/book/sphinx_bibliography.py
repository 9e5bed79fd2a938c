"""A Sphinx extension for the book's references: author–year labels that match the citations.

sphinxcontrib-bibtex formats an in-text citation with its *referencing* style and the
references page with a pybtex *formatting* style, and the two know nothing of each other: with
``bibtex_reference_style: author_year`` the text says "Foldal et al., 2021" while the default
``alpha`` style labels the entry ``[FSolbjorS+21]``, which a reader cannot match. This extension
registers three plugins, which ``_config.yml`` selects:

* ``mibook_author_year`` (group ``sphinxcontrib.bibtex.style.referencing``, selected by
  ``bibtex_reference_style``): sphinxcontrib-bibtex's author–year citations in round brackets,
  "(Foldal et al., 2021)" for ``{cite:p}`` and "Foldal et al. (2021)" for ``{cite:t}``, several
  works in one bracket separated by semicolons;
* ``mibook_author_year`` (group ``pybtex.style.labels``): each entry's label is the text of its
  parenthetical citation without the brackets, built with the same template and person style
  (:func:`author_year`), so the references page shows "[Foldal et al., 2021]";
* ``mibook_author_year`` (group ``pybtex.style.formatting``, selected by
  ``bibtex_default_style``): pybtex's ``unsrt`` entries with those labels, sorted by author, year
  and title (as ``alpha`` sorts them); an article without pages still shows its volume and
  issue, and a DOI is a link to ``https://doi.org/`` (pybtex's own ``format_doi``).

Two works with the same authors and year would get the same label; sphinxcontrib-bibtex then
warns of a duplicate label, which fails the book's build (warnings are errors), so the clash
cannot go unnoticed. Reports of ``mibook run`` have no bibliography and do not load this
extension.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import first_of, join, optional, optional_field, sentence, tag, words
from sphinxcontrib.bibtex import plugin as bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join as names_join
from sphinxcontrib.bibtex.style.template import year

#: The name of the three plugins (one per group).
NAME = "mibook_author_year"


def _round(sep: str = ", ", sep2: str | None = None, last_sep: str | None = None) -> BracketStyle:
    return BracketStyle(left="(", right=")", sep=sep, sep2=sep2, last_sep=last_sep)


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author–year referencing style with round brackets.

    ``{cite:p}`` gives "(Foldal et al., 2021; Ståhl and Gustavsson, 2018)", ``{cite:t}`` gives
    "Foldal et al. (2021) and Ståhl and Gustavsson (2018)"; the other roles (author, year,
    label) use round brackets too.
    """

    bracket_parenthetical: BracketStyle = field(default_factory=lambda: _round(sep="; "))
    bracket_textual: BracketStyle = field(
        default_factory=lambda: _round(sep=", ", sep2=" and ", last_sep=", and ")
    )
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


def author_year(entry) -> str:
    """The author–year text of a bibliography entry, as its parenthetical citation shows it.

    Parameters
    ----------
    entry : pybtex.database.Entry
        A parsed entry of ``references.bib``.

    Returns
    -------
    str
        Authors (one, two joined by "and", or the first followed by "et al."), a comma and the
        year, with the person style and separator of :class:`RoundAuthorYearStyle`; the editors
        or the title stand in for missing authors and "n.d." for a missing year, as in the
        citations.

    Examples
    --------
    >>> from pybtex.database import parse_string
    >>> data = parse_string(
    ...     "@article{a, author = {St{\\\\aa}hl, C. and Gustavsson, M.}, year = {2018}}"
    ...     "@article{b, author = {Foldal, V. and Solbj{\\\\o}r, M. and Aasdahl, L.},"
    ...     " year = {2021}}",
    ...     "bibtex",
    ... )
    >>> [author_year(data.entries[key]) for key in ("a", "b")]
    ['Ståhl and Gustavsson, 2018', 'Foldal et al., 2021']
    """
    style = RoundAuthorYearStyle()
    template = names_join(sep=style.author_year_sep)[
        style.person.author_or_editor_or_title(full=False), year
    ]
    return template.format_data({"entry": entry, "style": style}).render_as("text")


class AuthorYearLabelStyle(BaseLabelStyle):
    """pybtex label style: every entry's label is :func:`author_year`."""

    def format_labels(self, sorted_entries):
        """Yield the label of each entry, in the order given.

        Parameters
        ----------
        sorted_entries : iterable of pybtex.database.Entry

        Yields
        ------
        str
        """
        for entry in sorted_entries:
            yield author_year(entry)


class AuthorYearStyle(UnsrtStyle):
    """pybtex formatting style: ``unsrt`` entries, author–year labels, sorted as ``alpha``."""

    default_label_style = NAME
    default_sorting_style = "author_year_title"

    def get_article_template(self, e):
        """``unsrt``'s article, which also prints the volume and issue when there are no pages.

        Parameters
        ----------
        e : pybtex.database.Entry

        Returns
        -------
        pybtex.style.template.Node
        """
        volume = join[bib_field("volume"), optional["(", bib_field("number"), ")"]]
        volume_and_pages = first_of[
            optional[join[volume, ":", pages]],
            optional[volume],
            words["pages", pages],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[tag("em")[bib_field("journal")], optional[volume_and_pages], date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def register() -> None:
    """Register the three plugins under :data:`NAME` (idempotent).

    Examples
    --------
    >>> register()
    >>> pybtex.plugin.find_plugin("pybtex.style.labels", NAME) is AuthorYearLabelStyle
    True
    """
    pybtex.plugin.register_plugin("pybtex.style.labels", NAME, AuthorYearLabelStyle, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", NAME, AuthorYearStyle, force=True)
    bibtex_plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", NAME, RoundAuthorYearStyle, force=True
    )


def _code_version(app, config) -> None:
    # An "env" config value: when this file changes, Sphinx reads every page again instead of
    # keeping citations and labels formatted by the old code in its saved environment.
    config.mibook_bibliography = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def setup(app) -> dict:
    """Register the plugins, and a config value that changes with this file's code; the
    extension is safe to run in parallel.

    Parameters
    ----------
    app : sphinx.application.Sphinx

    Returns
    -------
    dict
        Sphinx's extension metadata.
    """
    register()
    app.add_config_value("mibook_bibliography", "", "env")
    app.connect("config-inited", _code_version)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
