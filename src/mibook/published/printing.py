"""How the articles print their numbers and name their variables.

The labels of Table 1 (``LABELS``) and of Table 2 (:func:`question`, :func:`response_label`, read
from ``data/published/numbers.csv``), and the ``n (%)`` cell with percents rounded half-up, the
convention that reproduces the printed tables (70/112 = 62.5 % is printed as 63 %).
"""

from __future__ import annotations

from functools import lru_cache

from mibook.checks.rounding import round_half_up
from mibook.published.numbers import table_cells

#: Table 1's names of its variables and categories, keyed by the contract's codes.
LABELS = {
    "gender": "Gender",
    "female": "Female",
    "male": "Male",
    "age": "Age",
    "education": "Education level",
    "high_school": "High school",
    "higher_up_to_3_years": "College/university up to 3 years",
    "higher_over_3_years": "University more than 3 years",
    "sick_leave_length": "Sick leave length (at the first MI session)",
    "lt_2m": "Less than 2 months",
    "2_4m": "2–4 months",
    "4_6m": "4–6 months",
    "6_8m": "6–8 months",
    "gt_8m": "More than 8 months",
}


def format_count_percent(n: int, denominator: int) -> str:
    """``"70 (63%)"`` in the style of the articles; a zero count is printed bare, ``"0"``.

    Parameters
    ----------
    n : int
        The count.
    denominator : int
        The number the percentage is of; 0 or None prints the count bare.

    Returns
    -------
    str
        The count and its percentage rounded half-up to a whole number
        (:func:`~mibook.checks.rounding.round_half_up`).

    Examples
    --------
    >>> format_count_percent(70, 112), format_count_percent(0, 112)
    ('70 (63%)', '0')
    """
    if n == 0 or not denominator:
        return str(n)
    return f"{n} ({round_half_up(100.0 * n / denominator)}%)"


@lru_cache(maxsize=1)
def _published_labels() -> tuple[dict, dict]:
    cells = table_cells("Table 2")
    questions = {}
    responses = {}
    for row in cells.itertuples():
        questions.setdefault(row.variable, row.row_label)
        if row.category:
            responses.setdefault((row.variable, row.category), row.column_label)
    return questions, responses


def question(item: str) -> str:
    """The question as printed in Table 2.

    Parameters
    ----------
    item : str
        The contract's name of the item.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an item Table 2 does not print.

    Examples
    --------
    >>> question("satisfaction")
    'How satisfied were you with the conversations?'
    """
    return _published_labels()[0][item]


def response_label(item: str, response: str) -> str:
    """The column heading of Table 2 for one answer (``"4 Agree"``, ``"2 months earlier"``).

    Parameters
    ----------
    item : str
        The contract's name of the item.
    response : str or int
        The answer's code (a Likert answer may be given as an int).

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an answer Table 2 does not print.

    Examples
    --------
    >>> response_label("satisfaction", 4), response_label("preferred_timing", "2_months_earlier")
    ('4 Agree', '2 months earlier')
    """
    return _published_labels()[1][(item, str(response))]


def label(code: str) -> str:
    """How a table or figure names a code: the article's label where it has one, else the code
    in words (a codebook's new category ``primary_school`` reads "Primary school").

    Examples
    --------
    >>> label("higher_over_3_years"), label("primary_school"), label("dont_know")
    ('University more than 3 years', 'Primary school', "Don't know or declined")
    """
    if code in LABELS:
        return LABELS[code]
    if code == "dont_know":
        return "Don't know or declined"
    words = str(code).replace("_", " ").strip()
    return words[:1].upper() + words[1:]
