"""A Sphinx extension for the book's site: version and date in the footer, the whole-book PDF in
each page's download menu, the repository address from ``CITATION.cff``, and pages that paste
values glued in another notebook rebuilt when that notebook changes.

* **Footer.** Sphinx's ``html_last_updated_fmt`` would print the day of the build, which changes
  on every rebuild and says nothing about the content. Every page's footer shows instead the
  ``version`` and ``date-released`` of ``CITATION.cff``, with links to the "How to cite" page and
  the PDF, through sphinx-book-theme's ``extra_footer`` (set per page, so that the links are
  relative to it).
* **Download menu.** sphinx-book-theme has no option to add an entry to its download button
  (``.ipynb``, ``.md``, and ``.pdf``, which prints the page alone); this handler runs after the
  theme has built the menu, calls the latter "This page (.pdf)" and adds "Whole book (.pdf)", a
  link to ``mibook.pdf`` at the root of the site (written by ``make pdf``: :mod:`mibook.book.pdf`).
* **Repository.** Jupyter Book fills the theme's ``repository_url`` from ``_config.yml``, or with
  its own repository when that says nothing; here it is set from ``repository-code`` of
  ``CITATION.cff``, the one place for the address (:mod:`mibook.book.citation`).

* **Values glued in another notebook.** The first page pastes sentences that the chapters glue
  (myst-nb's ``{glue:text}`` with ``notebook.ipynb::key``). myst-nb resolves such a reference
  when it writes the page, from the other notebook's glue data, but does not tell Sphinx that
  the page depends on that notebook: after a chapter changed, an incremental build would keep
  the first page as it was. :func:`note_glue_sources` records the dependency, so that the page
  is read and written again whenever a notebook it pastes from is newer.

``_config.yml`` loads the extension (``sphinx.extra_extensions``). Reports of ``mibook run`` do
not: they have no PDF and no "How to cite" page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from markupsafe import Markup
from myst_nb.ext.glue.utils import PendingGlueReference

from mibook.book.citation import load

#: After sphinx-book-theme's handlers (priority 501), which build the header buttons.
PRIORITY = 900
#: The whole-book PDF, relative to the root of the site.
PDF_NAME = "mibook.pdf"
#: The "How to cite" page.
CITE_DOC = "book/how_to_cite"


def set_repository(app, config) -> None:
    """``config-inited``: the theme's ``repository_url`` is ``repository-code`` of ``CITATION.cff``;
    ``mibook_citation`` holds its version, date and address.

    Parameters
    ----------
    app : sphinx.application.Sphinx
    config : sphinx.config.Config
    """
    cite = load()
    options = dict(config.html_theme_options or {})
    options["repository_url"] = cite.repository_code
    config.html_theme_options = options
    # An "html" config value: when the version, the date or this extension changes, Sphinx
    # rewrites every page (its build info changes), not only those whose source changed, so no
    # footer or menu is left stale.
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    config.mibook_citation = f"{cite.version} {cite.date_released} {cite.book_url} {code}"


def footer_html(pathto, has_cite_page: bool) -> Markup:
    """The footer line: version, release date, and links to the "How to cite" page and the PDF.

    Parameters
    ----------
    pathto : callable
        Sphinx's ``pathto`` of the page being written (links are relative to it).
    has_cite_page : bool
        Whether the book has the "How to cite" page (:data:`CITE_DOC`).

    Returns
    -------
    markupsafe.Markup
        One ``<p class="mibook-version">``; every value from ``CITATION.cff`` is escaped.

    Examples
    --------
    >>> html = footer_html(lambda name, resource=0: name, True)
    >>> "mibook-version" in html and 'href="mibook.pdf"' in html
    True
    """
    cite = load()
    parts = [Markup("Version {}, released {}").format(cite.version, cite.date_released)]
    if has_cite_page:
        parts.append(Markup('<a href="{}">How to cite</a>').format(pathto(CITE_DOC)))
    parts.append(Markup('<a href="{}">The whole book as PDF</a>').format(pathto(PDF_NAME, 1)))
    return Markup('<p class="mibook-version">{}</p>').format(Markup(" · ").join(parts))


def _page_context(app, pagename, templatename, context, doctree) -> None:
    pathto = context["pathto"]
    context["theme_extra_footer"] = footer_html(pathto, CITE_DOC in app.env.all_docs)
    for button in context.get("header_buttons", ()):
        if button.get("label") == "download-buttons":
            for entry in button["buttons"]:  # the theme's ".pdf" prints this page alone
                if entry.get("label") == "download-pdf-button":
                    entry["text"] = "This page (.pdf)"
            button["buttons"].append(
                {
                    "type": "link",
                    "url": pathto(PDF_NAME, 1),
                    "text": "Whole book (.pdf)",
                    "tooltip": "Download the whole book as PDF",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                }
            )


def note_glue_sources(app, doctree) -> None:
    """``doctree-read``: the page depends on every document it pastes glued values from.

    Parameters
    ----------
    app : sphinx.application.Sphinx
    doctree : docutils.nodes.document
        The page just read, with myst-nb's pending references to other documents' glue.
    """
    env = app.env
    for refdoc in sorted({node.refdoc for node in doctree.findall(PendingGlueReference)}):
        env.note_dependency(str(env.doc2path(refdoc)))


def setup(app) -> dict:
    """Register the handlers; the extension is safe to run in parallel.

    Parameters
    ----------
    app : sphinx.application.Sphinx

    Returns
    -------
    dict
        Sphinx's extension metadata.
    """
    app.setup_extension("mibook.book.sphinx_figures")  # every figure opens at full size
    app.add_config_value("mibook_citation", "", "html")
    app.connect("config-inited", set_repository)
    app.connect("html-page-context", _page_context, priority=PRIORITY)
    app.connect("doctree-read", note_glue_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
