"""A Sphinx extension for reports: the two places where the theme prints a title unescaped.

A report's title is the user's text (``--title`` or the codebook's ``study.title``). Sphinx
escapes it in the page ``<title>``, but the pinned themes insert titles as raw HTML in four
places: the navbar logo text (pydata-sphinx-theme's ``navbar-logo.html`` prints ``docstitle``),
the search page's ``<title>`` (its ``search.html``), the first link of the sidebar
(sphinx-book-theme's ``sbt-sidebar-nav.html`` prints ``root_title``) and the heading printed on
paper (its ``layout.html`` prints each page's ``pagetitle``, which in a report may hold the
study's name). This extension hands those templates HTML-escaped text, so a title holding
``<script>`` shows the characters instead of running them; and it escapes the titles of Sphinx's
search index, which ``searchtools.js`` would insert into the results as HTML. It is written here
because neither theme has an option to escape them; the report's ``_config.yml`` loads it
(:data:`mibook.book.report.REPORT_CONFIG`), and turns Sphinx's smart quotes off, so that a
straight quote or ``--`` in a user's text shows as typed.
"""

from __future__ import annotations

from markupsafe import escape

#: Run after sphinx-book-theme's own handler (default priority 500), which sets ``root_title``.
PRIORITY = 900


def _escape_titles(app, pagename, templatename, context, doctree) -> None:
    for key in ("root_title", "pagetitle"):
        if key in context:
            context[key] = str(escape(context[key]))
    if context.get("docstitle"):
        logo = dict(context.get("theme_logo") or {})
        logo["text"] = str(escape(logo.get("text") or context["docstitle"]))
        context["theme_logo"] = logo
        if templatename == "search.html":  # its <title> prints docstitle unescaped
            context["docstitle"] = str(escape(context["docstitle"]))


def _escape_search_titles(app):
    """Sphinx's search index keeps every section title as raw text ("alltitles"), and its
    ``searchtools.js`` puts a matching title into the results page as HTML: a title holding a
    tag would run when someone searches for it. The report's index leaves those entries out
    (this event comes before the index is written, in the builder's ``finish``); pages are still
    found by the words of their titles and text, and listed under their escaped titles."""
    indexer = getattr(app.builder, "indexer", None)
    titles = getattr(indexer, "_all_titles", None)
    if titles:
        for docname in titles:
            titles[docname] = []
    return []


def setup(app) -> dict:
    """Register the handler; the extension is safe to run in parallel.

    Parameters
    ----------
    app : sphinx.application.Sphinx

    Returns
    -------
    dict
        Sphinx's extension metadata.
    """
    app.setup_extension("mibook.book.sphinx_figures")  # every figure opens at full size
    app.connect("html-page-context", _escape_titles, priority=PRIORITY)
    app.connect("html-collect-pages", _escape_search_titles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
