"""Tidy tables of categorical answers and of age: counts, denominators and unrounded percents.

A denominator is the number of non-missing answers to that item; rounding happens only when a
table is formatted for reading (:mod:`mibook.published.printing`).

The counts come from :meth:`pandas.Series.value_counts`, looked up code by code, rather than
from :func:`pandas.crosstab`, which leaves out a category nobody chose: every code of the input
contract is listed here, n = 0 included.
"""

from __future__ import annotations

import pandas as pd

from mibook.inputs.contracts import RESPONDENT_CODES

CHARACTERISTICS = ("gender", "education", "sick_leave_length")
#: The category of a table's row counting "don't know" answers (outside every denominator).
DONT_KNOW = "dont_know"


def category_table(
    frame: pd.DataFrame, variable: str, categories, dont_know: pd.Series | None = None
) -> pd.DataFrame:
    """Counts and percents of one categorical column, every category listed (n = 0 included).

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated data (one row per respondent).
    variable : str
        Column name.
    categories : iterable
        Every category, in display order. Missing values are not a category: they are left
        out of the denominator.
    dont_know : pandas.Series of bool, optional
        Which rows answered "don't know" (a codebook's ``missing`` answers): counted in a last
        row of their own, category ``dont_know`` with no percent, when there are any.

    Returns
    -------
    pandas.DataFrame
        Columns ``variable, category, n, denominator, percent``, one row per category in the
        order given; ``percent`` is unrounded and NaN when nobody answered.

    Notes
    -----
    With ``n_c`` answers in category ``c`` and ``N`` non-missing answers to the item::

        percent_c = 100 * n_c / N

    Values are compared as text, so the codes of an integer column are written ``"1"``, ``"2"``,
    … (as in the input contract), and the column must hold integers, not floats.

    Examples
    --------
    >>> df = pd.DataFrame({"gender": ["female", "female", None, "male"]})
    >>> category_table(df, "gender", ["female", "male", "other"])
      variable category  n  denominator    percent
    0   gender   female  2            3  66.666667
    1   gender     male  1            3  33.333333
    2   gender    other  0            3   0.000000
    >>> category_table(df, "gender", ["female", "male"])["percent"].round(1).tolist()
    [66.7, 33.3]
    """
    values = frame[variable].dropna().astype(str)
    counts = values.value_counts()
    denominator = int(len(values))
    rows = []
    for category in categories:
        n = int(counts.get(str(category), 0))
        percent = 100.0 * n / denominator if denominator else float("nan")
        rows.append(
            {
                "variable": variable,
                "category": str(category),
                "n": n,
                "denominator": denominator,
                "percent": percent,
            }
        )
    unknown = int(dont_know.sum()) if dont_know is not None else 0
    if unknown:  # "don't know": counted apart, outside the denominator (the contract)
        rows.append(
            {
                "variable": variable,
                "category": DONT_KNOW,
                "n": unknown,
                "denominator": denominator,
                "percent": float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=["variable", "category", "n", "denominator", "percent"])


def sample_characteristics(
    frame: pd.DataFrame, categories: dict | None = None, dont_know: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``sample_characteristics.csv``: gender, education and sick-leave length, every code.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data with the columns ``gender``, ``education`` and
        ``sick_leave_length``.
    categories : dict, optional
        Each variable's codes in order (a codebook's); by default the input contract's
        (:data:`mibook.inputs.contracts.RESPONDENT_CODES`).
    dont_know : pandas.DataFrame of bool, optional
        The "don't know" answers per column (see :func:`category_table`).

    Returns
    -------
    pandas.DataFrame
        :func:`category_table` of each of the three variables, stacked in that order, with
        every code listed.

    Examples
    --------
    >>> df = pd.DataFrame(
    ...     {
    ...         "gender": ["female", "male"],
    ...         "education": ["high_school", None],
    ...         "sick_leave_length": ["lt_2m", "2_4m"],
    ...     }
    ... )
    >>> table = sample_characteristics(df)
    >>> len(table)  # 2 genders + 3 education levels + 5 sick-leave lengths
    10
    >>> table.groupby("variable", sort=False)["denominator"].first().to_dict()
    {'gender': 2, 'education': 1, 'sick_leave_length': 2}
    """
    categories = categories or {}
    parts = [
        category_table(
            frame,
            v,
            categories.get(v, RESPONDENT_CODES[v]),
            dont_know[v] if dont_know is not None and v in dont_know else None,
        )
        for v in CHARACTERISTICS
    ]
    return pd.concat(parts, ignore_index=True)


def sample_age(frame: pd.DataFrame) -> pd.DataFrame:
    """``sample_age.csv``: one row with n, mean, sample SD (n−1), min and max of age.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data with an ``age`` column; missing ages are left out.

    Returns
    -------
    pandas.DataFrame
        One row, columns ``n, mean, sd, min, max``. Every statistic is NaN when no age is
        given, and the SD also when only one is.

    Notes
    -----
    The SD is the sample SD, with divisor n − 1::

        sd = sqrt(sum((age_i - mean) ** 2) / (n - 1))

    Examples
    --------
    >>> sample_age(pd.DataFrame({"age": [40, 50, None]}))
       n  mean        sd   min   max
    0  2  45.0  7.071068  40.0  50.0
    """
    ages = frame["age"].dropna().astype("float64")
    n = int(len(ages))
    row = {
        "n": n,
        "mean": float(ages.mean()) if n else float("nan"),
        "sd": float(ages.std(ddof=1)) if n > 1 else float("nan"),
        "min": float(ages.min()) if n else float("nan"),
        "max": float(ages.max()) if n else float("nan"),
    }
    return pd.DataFrame([row], columns=["n", "mean", "sd", "min", "max"])
