"""User-supplied text is text: the one place where it is made safe for every page it reaches.

A title, a codebook's item wording and labels, a comparison finding, a file or column name, a
caseworker id: any string that came from a user's file, codebook or command line goes through
one of these functions before it reaches a page, so that it is shown exactly as written and is
never read as markup. A title holding ``<script>`` must show the characters, not run a script; a
MyST directive (``{literalinclude}`` with a path climbing out of the folder) must not include a
file; a role such as ``{glue:text}`` must not break the build.

* :func:`text` — inline Markdown/MyST: every ASCII punctuation character is backslash-escaped
  (CommonMark lets any of them be escaped, and an escaped character is always literal), and line
  breaks become spaces, so no block (heading, fence, directive, list) can start inside it;
* :func:`code` — the same string as a code span, whose content is never parsed (a fence of
  backticks longer than any run inside it, the CommonMark rule);
* :func:`html` — for an HTML context, with MarkupSafe (the escaper Jinja uses).

Figures need no escaping: the book's style (:func:`mibook.figures.style.use_book_style`) turns
matplotlib's mathematical text off, so a ``$`` in a label is a dollar sign. Tables shown as
DataFrames are escaped by pandas' HTML writer; tables written as CSV are guarded against
spreadsheet formulas by :func:`mibook.files.write_table`.

The Markdown escaping is written here because no maintained library escapes for MyST: MyST adds
roles, directives and substitutions to CommonMark, and escaping every punctuation character covers
all of them with one rule.
"""

from __future__ import annotations

import re
import string

from markupsafe import escape

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(value: object) -> str:
    # leading blanks would start a code block; blanks at either end are not visible anyway
    return _LINE_BREAKS.sub(" ", str(value)).strip()


def text(value: object) -> str:
    """``value`` as inline Markdown/MyST that renders exactly as written.

    Examples
    --------
    >>> text("Q1 <b>Fornøyd</b> {glue:text}`x`")
    'Q1 \\\\<b\\\\>Fornøyd\\\\<\\\\/b\\\\> \\\\{glue\\\\:text\\\\}\\\\`x\\\\`'
    >>> text("line one\\n```{literalinclude} ../../etc/passwd")
    'line one \\\\`\\\\`\\\\`\\\\{literalinclude\\\\} \\\\.\\\\.\\\\/\\\\.\\\\.\\\\/etc\\\\/passwd'
    """
    return _PUNCTUATION.sub(r"\\\1", _one_line(value))


def code(value: object) -> str:
    """``value`` as an inline code span, its content shown literally whatever it holds.

    Examples
    --------
    >>> code("data/reconstructed/miti.csv")
    '`data/reconstructed/miti.csv`'
    >>> code("a`b")
    '``a`b``'
    >>> code("`x")
    '`` `x ``'
    """
    value = _LINE_BREAKS.sub(" ", str(value))
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark drops one space at each end of a span that starts and ends with one
    spaced = value.startswith(" ") and value.endswith(" ") and value.strip(" ")
    pad = " " if value.startswith("`") or value.endswith("`") or spaced else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def html(value: object) -> str:
    """``value`` for an HTML context (``<``, ``>``, ``&`` and quotes escaped).

    Examples
    --------
    >>> html('T <script>document.title="X"</script>')
    'T &lt;script&gt;document.title=&#34;X&#34;&lt;/script&gt;'
    """
    return str(escape(str(value)))
