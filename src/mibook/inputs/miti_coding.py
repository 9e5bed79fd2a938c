"""MITI files as coding teams deliver them: a coder per row, double-coded sessions, session dates.

The contract's "Version 2": a MITI file may carry ``coder_id``, and then a session appears once
per coder (the same ``session_id`` on several rows), and ``date``. This module holds the checks
that come on top of the cell-by-cell validation of :mod:`mibook.inputs.validate`:

* with ``coder_id``, every row names its coder, and no coder rates the same session twice (the
  later row is named, with the row of the first);
* a ``date`` is ISO (``2025-03-31``, also with a time of day, as spreadsheets and SPSS or Stata
  date cells give it: ``2025-03-31 00:00:00``) or day first (``31.03.2025``, ``31/03/2025``,
  ``31-03-2025``), with a four-digit year; anything else, or a day that does not exist, is an
  invalid cell. Month-first dates (``03/31/2025``) are refused rather than guessed, since
  ``04/03/2025`` would be read wrongly half the time. Valid dates are kept as ISO text
  (:func:`iso_dates`), so that they survive the typed intermediate unchanged.

A blank date is allowed (that session is left out of the analyses over time).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from mibook.inputs.problems import Problem
from mibook.inputs.read import map_unique

#: What a ``date`` cell must hold, in the words of a Problem's ``expected``.
DATE_EXPECTED = (
    "a date written YYYY-MM-DD (2025-03-31) or day first, DD.MM.YYYY, DD/MM/YYYY or DD-MM-YYYY "
    "(31.03.2025), or empty"
)

#: What a ``coder_id`` cell must hold when the file has the column.
CODER_EXPECTED = "a coder id: the file has a coder column, so every row names its coder"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")


def parse_date(text: str) -> str | None:
    """The ISO form of a date cell, or None when it is not a date this contract accepts.

    Parameters
    ----------
    text : str
        A cell as read (trimmed text).

    Returns
    -------
    str or None
        ``YYYY-MM-DD``; None for text that is not an ISO or day-first date, or for a day that
        does not exist.

    Examples
    --------
    >>> parse_date("2025-03-31"), parse_date("31.03.2025"), parse_date("1/4/2025")
    ('2025-03-31', '2025-03-31', '2025-04-01')
    >>> parse_date("2025-03-31 00:00:00")
    '2025-03-31'
    >>> parse_date("31.02.2025") is None, parse_date("March 2025") is None
    (True, True)
    """
    text = str(text).strip()
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.fullmatch(text)
        if not match:
            return None
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def problems(text: pd.DataFrame, file: str, headings: dict | None = None) -> list[Problem]:
    """Every problem of coders and dates in a MITI file's text frame (cells already named).

    Parameters
    ----------
    text : pandas.DataFrame
        The file's cells as text under the contract's column names, indexed by the 1-based
        data row (as :func:`mibook.inputs.recode.recode` gives them).
    file : str
        How messages name the file.
    headings : dict, optional
        Contract name -> the file's heading, for messages.

    Returns
    -------
    list of Problem
        A blank coder on a file with a ``coder_id`` column, a coder rating a session a second
        time (the later row), and a date that cannot be read; empty when there is none.

    Examples
    --------
    >>> frame = pd.DataFrame(
    ...     {"session_id": ["S1", "S1", "S1"], "coder_id": ["A", "B", "A"],
    ...      "date": ["2025-01-31", "31/01/2025", "01/31/2025"]},
    ...     index=pd.RangeIndex(1, 4, name="row"),
    ... )
    >>> for problem in problems(frame, "m.csv"):  # doctest: +ELLIPSIS
    ...     print(problem)
    m.csv, column 'session_id', row 3: got 'S1'; expected each session once per coder: ...
    m.csv, column 'date', row 3: got '01/31/2025'; expected a date written YYYY-MM-DD ...
    """
    headings = headings or {}
    found: list[Problem] = []
    if "coder_id" in text and "session_id" in text:
        coder_heading = headings.get("coder_id", "coder_id")
        blank = text["coder_id"] == ""
        for row in text.index[blank]:
            found.append(
                Problem(
                    file=file,
                    column=coder_heading,
                    row=int(row),
                    value="",
                    expected=CODER_EXPECTED,
                )
            )
        pairs = text.loc[~blank & (text["session_id"] != ""), ["session_id", "coder_id"]]
        repeated = pairs.duplicated(keep="first")
        if repeated.any():
            first: dict[tuple, object] = {}
            for row, pair in zip(pairs.index, zip(pairs["session_id"], pairs["coder_id"])):
                first.setdefault(pair, row)
            for row, (session, coder) in pairs[repeated].iterrows():
                found.append(
                    Problem(
                        file=file,
                        column=headings.get("session_id", "session_id"),
                        row=int(row),
                        value=session,
                        expected=(
                            f"each session once per coder: coder {coder!r} ({coder_heading}) "
                            f"already rated session {session!r} on row "
                            f"{int(first[(session, coder)])}"
                        ),
                    )
                )
    if "date" in text:
        bad = pd.Series(
            map_unique(text["date"], lambda v: v != "" and parse_date(v) is None).astype(bool),
            index=text.index,
        )
        for row in text.index[bad]:
            found.append(
                Problem(
                    file=file,
                    column=headings.get("date", "date"),
                    row=int(row),
                    value=text.at[row, "date"],
                    expected=DATE_EXPECTED,
                )
            )
    return found


def iso_dates(column: pd.Series) -> pd.Series:
    """A validated ``date`` column as ISO text (``YYYY-MM-DD``); missing stays missing.

    Examples
    --------
    >>> iso_dates(pd.Series(["31.01.2025", None, "2025-02-01 00:00:00"])).tolist()
    ['2025-01-31', nan, '2025-02-01']
    """
    import numpy as np

    values = map_unique(column.fillna(""), lambda v: parse_date(v) if v != "" else np.nan).astype(
        object
    )
    return pd.Series(values, index=column.index, dtype=object)


__all__ = ["CODER_EXPECTED", "DATE_EXPECTED", "iso_dates", "parse_date", "problems"]
