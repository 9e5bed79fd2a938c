"""Access to the numbers transcribed from the two articles (``data/published/numbers.csv``).

The file is the project's raw data: code reads it and never writes it. Every value stays the
string that was printed, so precision ("3.10") is never lost; callers convert where they need.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from mibook import paths

NORWAY = "foldal2021"
SWEDEN = "stahl2018"


@lru_cache(maxsize=1)
def numbers() -> pd.DataFrame:
    """All published numbers, one row per number, every column a string (empty = not stated)."""
    frame = pd.read_csv(paths.PUBLISHED_NUMBERS, dtype=str, keep_default_na=False)
    return frame


def value(number_id: str) -> str:
    """The printed value of one number, by id (e.g. ``"no_t1_gender_female_n"``)."""
    table = numbers()
    hit = table.loc[table["id"] == number_id, "value"]
    if hit.empty:
        raise KeyError(
            f"no published number with id {number_id!r} in {paths.relative_to_root(paths.PUBLISHED_NUMBERS)}"
        )
    return str(hit.iloc[0])


def table_cells(location: str, article: str = NORWAY) -> pd.DataFrame:
    """The cells of one printed table (e.g. ``"Table 2"``) as rows of the published file."""
    table = numbers()
    return table[(table["article"] == article) & (table["location"] == location)].copy()


def counts(location: str, variable: str, article: str = NORWAY) -> dict[str, int]:
    """Printed category counts of one variable in one table, in printed order."""
    cells = table_cells(location, article)
    cells = cells[
        (cells["variable"] == variable)
        & (cells["statistic"] == "count")
        & (cells["category"] != "")
    ]
    return {row.category: int(row.value) for row in cells.itertuples()}


def denominator(location: str, variable: str, article: str = NORWAY) -> int | None:
    """The printed ``(n = …)`` of an item, if the table states one."""
    cells = table_cells(location, article)
    hit = cells[(cells["variable"] == variable) & (cells["id"].str.endswith("_denominator"))]
    return int(hit["value"].iloc[0]) if len(hit) else None
