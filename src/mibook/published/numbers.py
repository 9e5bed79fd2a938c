"""Access to the numbers transcribed from the two articles (``data/published/numbers.csv``).

The file is the project's raw data: code reads it and never writes it. Every value stays the
string that was printed, so precision ("3.10") is never lost; callers convert where they need.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from mibook import paths

#: The ``article`` of Foldal et al. (2021), the Norwegian study.
NORWAY = "foldal2021"
#: The ``article`` of Ståhl & Gustavsson (2018), the Swedish study.
SWEDEN = "stahl2018"


@lru_cache(maxsize=1)
def numbers() -> pd.DataFrame:
    """All published numbers, one row per number, every column a string (empty = not stated).

    Read once and cached: callers must not modify the frame (:func:`table_cells` returns a
    copy).

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (unique), ``article`` (:data:`NORWAY` or :data:`SWEDEN`), ``location``
        (e.g. ``"Table 1"``), ``row_label``, ``column_label``, ``variable``, ``category``,
        ``statistic``, ``value`` (the number as printed, without decoration),
        ``value_as_printed``, ``unit``, ``n`` and ``note``.

    Examples
    --------
    >>> row = numbers().set_index("id").loc["no_t1_n_total"]
    >>> row["value"], row["value_as_printed"], row["location"]
    ('112', 'N = 112', 'Table 1')
    """
    frame = pd.read_csv(paths.PUBLISHED_NUMBERS, dtype=str, keep_default_na=False)
    return frame


def value(number_id: str) -> str:
    """The printed value of one number, by id (e.g. ``"no_t1_gender_female_n"``).

    Parameters
    ----------
    number_id : str
        The ``id`` of a row of ``data/published/numbers.csv``.

    Returns
    -------
    str
        The value as printed, trailing zeros kept.

    Raises
    ------
    KeyError
        If no published number has this id.

    Examples
    --------
    >>> value("no_t1_gender_female_n"), value("no_t1_age_mean"), value("no_txt_age_mean")
    ('70', '45', '45.5')
    """
    table = numbers()
    hit = table.loc[table["id"] == number_id, "value"]
    if hit.empty:
        raise KeyError(
            f"no published number with id {number_id!r} "
            f"in {paths.relative_to_root(paths.PUBLISHED_NUMBERS)}"
        )
    return str(hit.iloc[0])


def table_cells(location: str, article: str = NORWAY) -> pd.DataFrame:
    """The cells of one printed table (e.g. ``"Table 2"``) as rows of the published file.

    Parameters
    ----------
    location : str
        Where the numbers are printed, e.g. ``"Table 2"``.
    article : str, default NORWAY
        :data:`NORWAY` or :data:`SWEDEN`.

    Returns
    -------
    pandas.DataFrame
        A copy of the matching rows of :func:`numbers`, in file order.

    Examples
    --------
    >>> cells = table_cells("Table 2")
    >>> cells["id"].iloc[0], cells["value"].iloc[0]
    ('no_t2_satisfaction_denominator', '111')
    """
    table = numbers()
    return table[(table["article"] == article) & (table["location"] == location)].copy()


def counts(location: str, variable: str, article: str = NORWAY) -> dict[str, int]:
    """Printed category counts of one variable in one table, in printed order.

    Parameters
    ----------
    location : str
        The table, e.g. ``"Table 1"``.
    variable : str
        The contract's name of the variable, e.g. ``"education"``.
    article : str, default NORWAY
        :data:`NORWAY` or :data:`SWEDEN`.

    Returns
    -------
    dict of str to int
        Category code -> printed count; categories the table does not print are absent.

    Examples
    --------
    >>> counts("Table 1", "education")
    {'high_school': 26, 'higher_up_to_3_years': 44, 'higher_over_3_years': 42}
    """
    cells = table_cells(location, article)
    cells = cells[
        (cells["variable"] == variable)
        & (cells["statistic"] == "count")
        & (cells["category"] != "")
    ]
    return {row.category: int(row.value) for row in cells.itertuples()}


def denominator(location: str, variable: str, article: str = NORWAY) -> int | None:
    """The printed ``(n = …)`` of an item, if the table states one.

    Parameters
    ----------
    location : str
        The table, e.g. ``"Table 2"``.
    variable : str
        The contract's name of the item.
    article : str, default NORWAY
        :data:`NORWAY` or :data:`SWEDEN`.

    Returns
    -------
    int or None

    Examples
    --------
    >>> denominator("Table 2", "satisfaction"), denominator("Table 1", "education")
    (111, None)
    """
    cells = table_cells(location, article)
    hit = cells[(cells["variable"] == variable) & (cells["id"].str.endswith("_denominator"))]
    return int(hit["value"].iloc[0]) if len(hit) else None
