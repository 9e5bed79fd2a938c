"""Tidy tables of categorical answers and of age: counts, denominators and unrounded percents.

A denominator is the number of non-missing answers to that item; rounding happens only when a
table is formatted for reading (:mod:`mibook.published.printing`).
"""

from __future__ import annotations

import pandas as pd

from mibook.inputs.contracts import RESPONDENT_CODES

CHARACTERISTICS = ("gender", "education", "sick_leave_length")


def category_table(frame: pd.DataFrame, variable: str, categories) -> pd.DataFrame:
    """Counts and percents of one categorical column, every category listed (n = 0 included).

    Parameters
    ----------
    frame
        Validated data (one row per respondent).
    variable
        Column name.
    categories
        Every category, in display order. Missing values are not a category: they are left
        out of the denominator.

    Returns
    -------
    pandas.DataFrame
        Columns ``variable, category, n, denominator, percent``; ``percent`` is unrounded
        and NaN when nobody answered.

    Examples
    --------
    >>> df = pd.DataFrame({"gender": ["female", "female", None, "male"]})
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
    return pd.DataFrame(rows, columns=["variable", "category", "n", "denominator", "percent"])


def sample_characteristics(frame: pd.DataFrame) -> pd.DataFrame:
    """``sample_characteristics.csv``: gender, education and sick-leave length, every code."""
    parts = [category_table(frame, v, RESPONDENT_CODES[v]) for v in CHARACTERISTICS]
    return pd.concat(parts, ignore_index=True)


def sample_age(frame: pd.DataFrame) -> pd.DataFrame:
    """``sample_age.csv``: one row with n, mean, sample SD (n−1), min and max of age."""
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
