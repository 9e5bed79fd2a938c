"""Tidy output tables (the contract's ``tables/*.csv``) and their article-style formatting.

Tidy tables carry unrounded percents with their denominators (the number of non-missing answers
to that item). Rounding happens only when a table is formatted for reading, and then half-up,
the convention that reproduces the printed tables (70/112 = 62.5 % is printed as 63 %).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from mibook.atomic import write_text_atomic
from mibook.schemas import RESPONDENT_CODES

CHARACTERISTICS = ("gender", "education", "sick_leave_length")

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
        rows.append({"variable": variable, "category": str(category), "n": n, "denominator": denominator, "percent": percent})
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


def round_half_up(value: float, decimals: int = 0) -> str:
    """Format a number rounded half-up (``62.5`` → ``"63"``), as printed tables do.

    The float is first written with 12 significant digits so that 62.49999999999 from a
    division is not mistaken for a value below the tie.

    Examples
    --------
    >>> round_half_up(62.5), round_half_up(37.5), round_half_up(9.66, 1)
    ('63', '38', '9.7')
    """
    exact = Decimal(f"{value:.12g}")
    quantum = Decimal(1).scaleb(-decimals)
    return str(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def format_count_percent(n: int, denominator: int) -> str:
    """``"70 (63%)"`` in the style of the articles; a zero count is printed bare, ``"0"``."""
    if n == 0 or not denominator:
        return str(n)
    return f"{n} ({round_half_up(100.0 * n / denominator)}%)"


def table1_display(characteristics: pd.DataFrame, age: pd.DataFrame, n_total: int) -> pd.DataFrame:
    """Sample characteristics laid out like Table 1 of Foldal et al. (2021).

    Rows are labelled as in the article; the single column holds ``n (%)`` cells and the age
    row ``mean (SD)`` with the article's precision (whole years, SD to one decimal).
    """
    rows = []
    for variable in CHARACTERISTICS:
        part = characteristics[characteristics["variable"] == variable]
        for record in part.itertuples():
            rows.append((LABELS[variable], LABELS[record.category], format_count_percent(record.n, record.denominator)))
        if variable == "gender":
            a = age.iloc[0]
            cell = "–" if a["n"] == 0 else f"{round_half_up(a['mean'])} ({round_half_up(a['sd'], 1)})"
            rows.append((LABELS["age"], "Mean (SD)", cell))
    out = pd.DataFrame(rows, columns=["Characteristic", "Category", f"N = {n_total}"])
    return out.set_index(["Characteristic", "Category"])


def write_table(table: pd.DataFrame, directory: str | Path, name: str) -> Path:
    """Write a tidy table as ``directory/name`` (CSV, UTF-8, comma, ``\\n``), atomically."""
    return write_text_atomic(Path(directory) / name, table.to_csv(index=False, lineterminator="\n"))
