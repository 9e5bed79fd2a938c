"""A Sphinx extension for the book and the reports: every figure opens its full-size image.

The figures are saved with twice the pixels the page shows (:mod:`mibook.figures.style`), so the
image file is the figure at twice the size. Each image of a page is wrapped in a link to its own
file in ``_images/``, as Sphinx does by itself only for images given a size
(``html_scaled_image_link``): a click, or Enter on the focused link, opens the image alone, where
a browser shows it at full size and a phone lets it be zoomed. The link is a plain ``<a href>``,
so it needs no script and works from the file system (a report opened without a server); the
image keeps its ``alt`` text and the link says what it does in its ``title``.

``figures.css`` (in ``book/_static/``) gives the link a zoom cursor and a visible focus ring, and
on a phone lets a figure use the whole width of the screen. The extension adds it to the pages
itself, so that the reports, which have no ``_static`` folder of their own, get it too. Both
:mod:`mibook.book.sphinx_site` (the book) and :mod:`mibook.book.sphinx_safe` (the reports) load
this extension.
"""

from __future__ import annotations

import hashlib
import posixpath
import urllib.parse
from pathlib import Path

from docutils import nodes
from sphinx.util.osutil import relative_uri

from mibook import paths

#: Class of the link around each image (``figures.css`` keys on it).
LINK_CLASS = "mibook-enlarge"
#: What the link does, as its ``title``.
LINK_TITLE = "Open the full-size image"
#: The style sheet, and where it lives in the project.
CSS_NAME = "figures.css"
CSS_FILE = paths.ROOT / "book" / "_static" / CSS_NAME


def _image_file(app, node: nodes.image) -> str | None:
    """The image's file as the HTML builder will copy it (``_images/<name>``), or None for an
    image Sphinx leaves where it is (a remote address)."""
    candidates = node.get("candidates", {})
    if "?" in candidates:
        return None
    if "*" in candidates:
        uri = node["uri"]
    else:
        uri = next(
            (candidates[kind] for kind in app.builder.supported_image_types if kind in candidates),
            None,
        )
    if uri is None or uri not in app.env.images:
        return None
    return app.env.images[uri][1]


def link_images(app, doctree, docname: str) -> None:
    """``doctree-resolved``: wrap every image not already in a link in a link to its own file.

    Parameters
    ----------
    app : sphinx.application.Sphinx
    doctree : docutils.nodes.document
    docname : str
    """
    if app.builder.format != "html":
        return
    images = relative_uri(app.builder.get_target_uri(docname), "_images")
    for node in list(doctree.findall(nodes.image)):
        if isinstance(node.parent, nodes.reference):
            continue
        name = _image_file(app, node)
        if name is None:
            continue
        link = nodes.reference(
            "",
            "",
            internal=True,
            refuri=posixpath.join(images, urllib.parse.quote(name)),
            reftitle=LINK_TITLE,
            classes=[LINK_CLASS],
        )
        node.replace_self(link)
        link.append(node)


def add_style(app) -> None:
    """``builder-inited``: copy ``figures.css`` with the site's static files, unless a static
    folder of the project already holds it (the book's ``book/_static``), and link it."""
    if app.builder.format != "html":
        return
    static = [Path(app.confdir, entry).resolve() for entry in app.config.html_static_path]
    if CSS_FILE.parent.resolve() not in static and CSS_FILE.resolve() not in static:
        app.config.html_static_path.append(str(CSS_FILE))
    app.add_css_file(CSS_NAME)


def _sources(app, config) -> None:
    # An "html" config value: when this file or the style sheet changes, Sphinx rewrites every
    # page, not only those whose source changed.
    digest = hashlib.sha256(Path(__file__).read_bytes() + CSS_FILE.read_bytes()).hexdigest()
    config.mibook_figures = digest[:16]


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
    app.add_config_value("mibook_figures", "", "html")
    app.connect("config-inited", _sources)
    app.connect("builder-inited", add_style)
    app.connect("doctree-resolved", link_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
