"""Tables as a page shows them: one header row, key columns first, numbers to the right.

pandas writes a DataFrame with a named index as HTML with two header rows, the second holding
only the index names (``Study``, ``Dimension``) above empty cells. A :class:`PageTable` is a
DataFrame that writes itself as a reader's table instead (:func:`to_html`): the index levels
become the first columns, headed by their names, with a value left out where it repeats the row
above; every other column follows with its own head, on the same row. Cells whose every value is
a number (``3.26``, ``70 (63%)``, ``0.38 (−0.08 to 0.83)``) are marked ``num`` and set to the
right by the book's ``tables.css``; text cells wrap. Every cell is escaped, so a user's label
shows exactly as written.

Everything else is a DataFrame as usual: a display function returns a PageTable, tests and
callers index it as before, and pandas keeps the class through ``set_index``, ``rename`` or
slicing, so a notebook may reshape it before showing it.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from mibook import markup

#: The class attribute of every table written here (``dataframe`` keeps the theme's look).
TABLE_CLASS = "dataframe mibook-table"

# A cell that is a number or a few numbers with their signs, brackets, units and separators
# (no letters but "to" and "of" between numbers): "70 (63%)", "3.11", "10–20 of 20"; "–" is empty.
_NUMERIC = re.compile(r"[\s\d.,:;%()+\-−–—<>=/×]*\d[\s\d.,:;%()+\-−–—<>=/×]*")
_CONNECTIVES = re.compile(r"(?<=[\d%)]) (?:to|of) (?=[\d(−-])")
_EMPTY = {"", "–", "—", "-"}
_NUM = ' class="num"'


class PageTable(pd.DataFrame):
    """A DataFrame that a page shows without an index-name row (see the module's doc).

    Examples
    --------
    >>> t = PageTable({"Study": ["A", "A"], "Theme": ["x", "y"], "n": [1, 2]})
    >>> t = t.set_index("Study")
    >>> type(t).__name__, [r.count("<th") for r in header_rows(t._repr_html_())]
    ('PageTable', [3])
    """

    @property
    def _constructor(self):
        return PageTable

    def _repr_html_(self) -> str:
        return to_html(self)


def shown(frame: pd.DataFrame) -> PageTable:
    """``frame`` as a :class:`PageTable` (the same data, shown without an index-name row).

    Examples
    --------
    >>> shown(pd.DataFrame({"a": [1]})).__class__.__name__
    'PageTable'
    """
    return PageTable(frame)


def _text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.10g}"
    try:
        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    return str(value)


def is_number(text: str) -> bool:
    """Whether a cell's text is a number, or numbers with signs and brackets (and no word but
    "to" and "of", as in an interval or a count of a total).

    Examples
    --------
    >>> is_number("70 (63%)"), is_number("0.38 (−0.08 to 0.83)"), is_number("10–20 of 20")
    (True, True, True)
    >>> is_number("< 0.001"), is_number("n = 111"), is_number("–"), is_number("P1")
    (True, False, False, False)
    """
    return _NUMERIC.fullmatch(_CONNECTIVES.sub(" ", text).strip()) is not None


def _numeric_column(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip() not in _EMPTY]
    return bool(filled) and all(is_number(c) for c in filled)


def _head(name) -> str:
    if isinstance(name, tuple):
        return " ".join(str(n) for n in name if n is not None and str(n) != "")
    return "" if name is None else str(name)


def to_html(frame: pd.DataFrame) -> str:
    """The HTML of a reader's table: one header row, key columns first, every cell escaped.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table. A named index (one level or several) becomes the leading key columns, each
        headed by its name and shown as row headers, a value left out where it repeats the one
        above (with every key to its left the same); an unnamed default index is not shown. The
        columns' own name (``columns.name``) is not shown.

    Returns
    -------
    str
        A ``<table class="dataframe mibook-table">`` with one ``<thead>`` row; cells and heads
        of columns that hold only numbers carry ``class="num"``.

    Examples
    --------
    >>> t = pd.DataFrame({"k": ["a", "a"], "j": ["x", "y"], "v": ["<i>1</i>", "x_y"]})
    >>> html = to_html(t.assign(n=[1, None]).set_index(["k", "j"]))
    >>> re.findall(r"<th[^>]*>([^<]*)</th>", header_rows(html)[0])
    ['k', 'j', 'v', 'n']
    >>> '<th scope="col" class="num">n</th>' in html
    True
    >>> print(html.splitlines()[6])
    <tr><th scope="row"></th><th scope="row">y</th><td>x_y</td><td class="num">–</td></tr>
    >>> "&lt;i&gt;1&lt;/i&gt;" in html, "<i>" in html
    (True, False)
    """
    keyed = not (
        isinstance(frame.index, pd.RangeIndex) and all(n is None for n in frame.index.names)
    )
    keys = [_head(n) for n in frame.index.names] if keyed else []
    key_rows = [t if isinstance(t, tuple) else (t,) for t in frame.index] if keyed else []
    heads = [_head(c) for c in frame.columns]
    columns = [[_text(v) for v in frame.iloc[:, j]] for j in range(frame.shape[1])]
    numeric = [_numeric_column(c) for c in columns]
    lines = [f'<table class="{TABLE_CLASS}">', "<thead>"]
    cells = [f'<th scope="col">{markup.html(k)}</th>' for k in keys]
    cells += [
        f'<th scope="col"{_NUM if num else ""}>{markup.html(h)}</th>'
        for h, num in zip(heads, numeric)
    ]
    lines += ["<tr>" + "".join(cells) + "</tr>", "</thead>", "<tbody>"]
    previous: tuple = ()
    for i in range(len(frame)):
        row = []
        if keyed:
            key = tuple(_text(v) for v in key_rows[i])
            same = True
            for level, value in enumerate(key):
                same = same and len(previous) > level and previous[level] == value
                row.append(f'<th scope="row">{"" if same else markup.html(value)}</th>')
            previous = key
        row += [
            f"<td{_NUM if num else ''}>{markup.html(col[i])}</td>"
            for col, num in zip(columns, numeric)
        ]
        lines.append("<tr>" + "".join(row) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def header_rows(html: str) -> list[str]:
    """The header rows of a table's HTML (for tests: a reader's table has exactly one).

    Examples
    --------
    >>> len(header_rows(to_html(pd.DataFrame({"a": [1]}))))
    1
    """
    head = re.search(r"<thead>(.*?)</thead>", html, flags=re.S)
    return re.findall(r"<tr>.*?</tr>", head[1], flags=re.S) if head else []
