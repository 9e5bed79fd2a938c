"""The consistency audit of the published numbers (``mibook audit``; the audit chapter).

Every check is generated from ``data/published/numbers.csv`` and run with the exact functions
of :mod:`mibook.checks`; nothing here knows which cells are wrong. One row per check, with
the contract's columns ``check_id, source, statistic, reported, n, test, verdict, detail``.

Assumptions (all parameters of :func:`run_audit`):

* ratings and answers are integers (GRIM, GRIMMER);
* ``n`` is the number the article states (Table 3: ``n_sessions`` coded sessions);
* SDs are sample SDs (``sd_divisor="n-1"``) unless told otherwise;
* ``rounding="either"``: a printed value stands for everything within half a unit of it, ties
  included; a directed rule (``"half_up"``, ``"half_even"`` …) makes the ties decisive.

Where the text summarises several table categories in one percent ("higher education", "satisfied
or very satisfied"), :data:`mibook.published.reading.TEXT_GROUPS` says which categories that
phrase covers; this is the audit's reading of the text and is printed in each check's detail.

The checks themselves are hand-written, exact and explained in :mod:`mibook.checks` (which says
why scrutipy is only their test oracle); this module decides which published numbers each check
is applied to.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from mibook import checks as cc
from mibook import published
from mibook.inputs.miti_scores import COMPOSITES
from mibook.published.reading import (
    BINARY_VARIABLES,
    SWEDISH_SUMS,
    TEXT_GROUPS,
    TEXT_TABLE_PAIRS,
)

COLUMNS = ["check_id", "source", "statistic", "reported", "n", "test", "verdict", "detail"]

TESTS = ("grim", "grimmer", "debit", "percent", "sum", "composite", "text_vs_table")

VERDICTS = ("consistent", "inconsistent", "not_testable")


_VERDICT = {True: "consistent", False: "inconsistent", None: "not_testable"}


def _source(row) -> str:
    article = {"foldal2021": "Foldal et al. 2021", "stahl2018": "Ståhl et al. 2018"}.get(
        row.article, row.article
    )
    where = row.location
    label = row.row_label if row.location.startswith("Table") else ""
    return f"{article}, {where}" + (f": {label}" if label else "")


def _row(
    check_id,
    source,
    statistic,
    reported,
    n,
    test,
    result: cc.CheckResult | None,
    detail=None,
    verdict=None,
):
    if result is not None:
        verdict = _VERDICT[result.consistent]
        detail = detail or result.detail
    return {
        "check_id": check_id,
        "source": source,
        "statistic": statistic,
        "reported": str(reported),
        "n": "" if n in (None, "") else str(n),
        "test": test,
        "verdict": verdict,
        "detail": detail,
    }


def _is_table(row) -> bool:
    return row.location.startswith("Table")


def _count_for(numbers: pd.DataFrame, row) -> int | None:
    hit = numbers[
        (numbers["article"] == row.article)
        & (numbers["location"] == row.location)
        & (numbers["variable"] == row.variable)
        & (numbers["category"] == row.category)
        & (numbers["statistic"] == "count")
    ]
    return int(hit["value"].iloc[0]) if len(hit) else None


def _category_counts(
    numbers: pd.DataFrame, article: str, location: str, variable: str
) -> dict[str, int]:
    hit = numbers[
        (numbers["article"] == article)
        & (numbers["location"] == location)
        & (numbers["variable"] == variable)
        & (numbers["statistic"] == "count")
        & (numbers["category"] != "")
    ]
    return {r.category: int(r.value) for r in hit.itertuples()}


def _table_n(numbers: pd.DataFrame, article: str, variable: str) -> tuple[int | None, str]:
    """The stated n of a table variable and where it comes from."""
    rows = numbers[
        (numbers["article"] == article)
        & (numbers["variable"] == variable)
        & numbers["location"].str.startswith("Table")
    ]
    denominators = rows[rows["id"].str.endswith("_denominator")]
    if len(denominators):
        return int(denominators["value"].iloc[0]), "its (n = …)"
    ns = rows["n"][rows["n"] != ""]
    if len(ns):
        return int(ns.iloc[0]), "the column header N"
    return None, ""


# --------------------------------------------------------------------------- the checks


def _percent_checks(numbers, rounding):
    out = []
    for row in numbers.itertuples():
        if row.statistic != "percent" or not _is_table(row) or row.n == "":
            continue
        count = _count_for(numbers, row)
        if count is None:
            continue
        n = int(row.n)
        res = cc.percent_from_count(count, n, row.value, rounding)
        detail = res.detail
        counted = sum(_category_counts(numbers, row.article, row.location, row.variable).values())
        if not res.consistent and counted != n:
            alt = cc.percent_from_count(count, counted, row.value, rounding)
            if alt.consistent:
                detail += (
                    f" With the {counted} people counted in this variable's rows (not the stated "
                    f"{n}) as denominator, {count}/{counted} = "
                    f"{float(Fraction(100 * count, counted)):.2f}% prints as "
                    f"{row.value}%: the percent was probably computed among those who answered."
                )
        out.append(
            _row(
                f"percent__{row.id}", _source(row), "percent", row.value, n, "percent", res, detail
            )
        )
    return out


def _sum_checks(numbers, rounding):
    out = []
    table_rows = numbers[
        numbers["location"].str.startswith("Table") & (numbers["article"] == published.NORWAY)
    ]
    seen = []
    for r in table_rows.itertuples():
        key = (r.location, r.variable)
        if r.variable and key not in seen and r.statistic == "count" and r.category != "":
            seen.append(key)
    for location, variable in seen:
        counts = _category_counts(numbers, published.NORWAY, location, variable)
        n, where = _table_n(numbers, published.NORWAY, variable)
        first = numbers[(numbers["location"] == location) & (numbers["variable"] == variable)].iloc[
            0
        ]
        source = f"Foldal et al. 2021, {location}: {first.row_label.split(':')[0]}"
        cid = f"sum__{location.lower().replace(' ', '')}_{variable}"
        if len(counts) < 2:
            shown = ", ".join(f"{c} = {k}" for c, k in counts.items())
            detail = (
                f"Only one category is printed ({shown}); the others are not shown, so there is "
                f"nothing to add up against N = {n}."
            )
            out.append(
                _row(cid, source, "category counts", n, n, "sum", None, detail, "not_testable")
            )
            continue
        res = cc.sum_check(list(counts.values()), n)
        detail = f"Counts of {len(counts)} categories against {where} (N = {n}): {res.detail}"
        out.append(_row(cid, source, "category counts", n, n, "sum", res, detail))
        pct = numbers[
            (numbers["location"] == location)
            & (numbers["variable"] == variable)
            & (numbers["statistic"] == "percent")
        ]
        if len(pct) >= 2:
            zero = [c for c, k in counts.items() if k == 0]
            pres = cc.percent_sum_check(list(pct["value"]), rounding)
            note = (
                f" ({len(zero)} empty categor{'y' if len(zero) == 1 else 'ies'} printed without a "
                "percent count as exactly 0.)"
                if zero
                else ""
            )
            out.append(
                _row(
                    f"percent_sum__{location.lower().replace(' ', '')}_{variable}",
                    source,
                    "percents",
                    "100",
                    n,
                    "sum",
                    pres,
                    f"The printed percents of one variable must add up to 100: {pres.detail}{note}",
                )
            )
    # Swedish Table 1 (2013) against the Methods text
    for table_id, text_ids in SWEDISH_SUMS.items():
        trow = numbers[numbers["id"] == table_id].iloc[0]
        parts = [int(numbers.loc[numbers["id"] == t, "value"].iloc[0]) for t in text_ids]
        total = int(trow.value)
        source = f"Ståhl et al. 2018, Table 1 ({trow.row_label}, {trow.column_label}) vs Methods"
        if len(parts) > 1:
            res = cc.sum_check(parts, total)
            detail = (
                f"The Methods text names {' and '.join(str(p) for p in parts)} interviewees of "
                f"this group in 2013; {res.detail}"
            )
            out.append(
                _row(f"sum__{table_id}", source, "count", trow.value, total, "sum", res, detail)
            )
        else:
            res = cc.text_vs_table(str(parts[0]), trow.value, rounding)
            detail = (
                f"The Methods text counts {parts[0]} and Table 1 prints n = {total}: {res.detail}"
            )
            out.append(
                _row(
                    f"text_vs_table__{table_id}",
                    source,
                    "count",
                    trow.value,
                    total,
                    "text_vs_table",
                    res,
                    detail,
                )
            )
    return out


def _grim_checks(numbers, n_sessions, sd_divisor, rounding):
    out = []
    means = numbers[numbers["statistic"] == "mean"]
    for row in means.itertuples():
        table3 = row.article == published.NORWAY and row.variable in (
            *COMPOSITES,
            *sum(COMPOSITES.values(), ()),
        )
        if table3 and not _is_table(row):
            continue  # the Results text repeats Table 3; text_vs_table compares the two
        if table3:
            n = n_sessions
            items = 2 if row.variable in COMPOSITES else 1
        elif row.n:
            n, items = int(row.n), 1
        else:
            continue
        res = cc.grim(row.value, n, items=items, rounding=rounding)
        detail = res.detail
        if items == 2:
            detail += (
                " (A MITI composite is the average of two integer ratings, so each session's score "
                f"is a multiple of 1/2 and the mean a multiple of 1/{2 * n}.)"
            )
        out.append(_row(f"grim__{row.id}", _source(row), "mean", row.value, n, "grim", res, detail))
        sd = numbers[
            (numbers["article"] == row.article)
            & (numbers["location"] == row.location)
            & (numbers["variable"] == row.variable)
            & (numbers["statistic"] == "sd")
        ]
        if len(sd):
            sd_value = sd["value"].iloc[0]
            g = cc.grimmer(
                row.value, sd_value, n, items=items, rounding=rounding, sd_divisor=sd_divisor
            )
            detail = (
                f"Mean {row.value}, SD {sd_value}, n = {n}"
                + (f", {items} items" if items > 1 else "")
                + f": {g.detail}"
            )
            out.append(
                _row(
                    f"grimmer__{row.id}",
                    _source(row),
                    "mean and sd",
                    f"{row.value} ({sd_value})",
                    n,
                    "grimmer",
                    g,
                    detail,
                )
            )
        if row.variable in BINARY_VARIABLES and len(sd):
            d = cc.debit(
                row.value, sd["value"].iloc[0], n, rounding=rounding, sd_divisor=sd_divisor
            )
            out.append(
                _row(
                    f"debit__{row.id}", _source(row), "proportion and sd", row.value, n, "debit", d
                )
            )
    # percents stated in the text with a known n: GRIM for percentages
    for row in numbers[(numbers["statistic"] == "percent") & (numbers["n"] != "")].itertuples():
        if _is_table(row):
            continue
        n = int(row.n)
        res = cc.grim(row.value, n, percent=True, rounding=rounding)
        out.append(_row(f"grim__{row.id}", _source(row), "percent", row.value, n, "grim", res))
    return out


def _composite_checks(numbers, rounding):
    out = []
    t3 = numbers[(numbers["article"] == published.NORWAY) & (numbers["location"] == "Table 3")]

    def get(variable, statistic):
        hit = t3[(t3["variable"] == variable) & (t3["statistic"] == statistic)]
        return hit["value"].iloc[0] if len(hit) else None

    for composite, parts in COMPOSITES.items():
        means = [get(p, "mean") for p in parts]
        sds = [get(p, "sd") for p in parts]
        cm, csd = get(composite, "mean"), get(composite, "sd")
        source = f"Foldal et al. 2021, Table 3: global score {composite}"
        if cm and all(means):
            res = cc.composite_check(means, cm, rounding=rounding)
            detail = (
                f"The {composite} score is the average of {parts[0].replace('_', ' ')} and "
                f"{parts[1].replace('_', ' ')}. {res.detail}"
            )
            out.append(
                _row(
                    f"composite__{composite}_mean", source, "mean", cm, "", "composite", res, detail
                )
            )
        if csd and all(sds):
            res = cc.composite_sd_bounds(sds, csd, rounding=rounding)
            out.append(_row(f"composite__{composite}_sd", source, "sd", csd, "", "composite", res))
    return out


def _text_vs_table_checks(numbers, rounding):
    out = []
    text = numbers[~numbers["location"].str.startswith("Table") & (numbers["variable"] != "")]
    table = numbers[
        numbers["location"].str.startswith("Table") & ~numbers["id"].str.endswith("_denominator")
    ]
    text = text[text["statistic"].isin(["mean", "sd", "percent", "count"])]
    for row in text.itertuples():
        hit = table[
            (table["article"] == row.article)
            & (table["variable"] == row.variable)
            & (table["category"] == row.category)
            & (table["statistic"] == row.statistic)
        ]
        if len(hit) != 1:
            continue
        trow = next(hit.itertuples())
        res = cc.text_vs_table(row.value, trow.value, rounding)
        source = f"{_source(row)} vs {trow.location}"
        detail = (
            f"Text {row.value} ({row.location}) against {trow.location} {trow.value}. {res.detail}"
        )
        out.append(
            _row(
                f"text_vs_table__{row.id}",
                source,
                row.statistic,
                row.value,
                trow.n,
                "text_vs_table",
                res,
                detail,
            )
        )
    for text_id, table_id in TEXT_TABLE_PAIRS:
        a = numbers[numbers["id"] == text_id].iloc[0]
        b = numbers[numbers["id"] == table_id].iloc[0]
        res = cc.text_vs_table(a.value, b.value, rounding)
        out.append(
            _row(
                f"text_vs_table__{text_id}",
                f"{_source(a)} vs {b.location}",
                a.statistic,
                a.value,
                b.value,
                "text_vs_table",
                res,
                f"Text {a.value} against {b.location} {b.value}. {res.detail}",
            )
        )
    for text_id, (variable, categories) in TEXT_GROUPS.items():
        hit = numbers[numbers["id"] == text_id]
        if hit.empty:
            continue
        row = next(hit.itertuples())
        table_rows = numbers[
            numbers["location"].str.startswith("Table") & (numbers["variable"] == variable)
        ]
        location = table_rows["location"].iloc[0]
        counts = _category_counts(numbers, row.article, location, variable)
        n, _ = _table_n(numbers, row.article, variable)
        k = sum(counts.get(c, 0) for c in categories)
        res = cc.percent_from_count(k, n, row.value, rounding)
        parts = " + ".join(f"{counts.get(c, 0)}" for c in categories)
        printed = numbers[
            (numbers["location"] == location)
            & (numbers["variable"] == variable)
            & (numbers["statistic"] == "percent")
            & numbers["category"].isin(categories)
        ]
        pct_note = ""
        if len(printed) == len(categories):
            pct_note = (
                f" (the table's own percents add up to {' + '.join(printed['value'])} = "
                f"{sum(int(v) for v in printed['value'])}%)"
            )
        detail = (
            f"The text's {row.value}% is read as the {location} categories "
            f"{', '.join(categories)} of {variable}: "
            f"{parts} = {k} of {n}{pct_note}. {res.detail}"
        )
        out.append(
            _row(
                f"text_vs_table__{text_id}",
                f"{_source(row)} vs {location}",
                "percent",
                row.value,
                n,
                "text_vs_table",
                res,
                detail,
            )
        )
    return out


def run_audit(
    numbers: pd.DataFrame | None = None,
    n_sessions: int = 20,
    sd_divisor: str = "n-1",
    rounding: str = "either",
) -> pd.DataFrame:
    """Every consistency check of the published numbers, one row per check (contract columns).

    Parameters
    ----------
    numbers : pandas.DataFrame, optional
        The published numbers (default: ``data/published/numbers.csv``), every column a string.
    n_sessions : int, default 20
        Number of coded MI sessions behind Table 3 (the article: 20).
    sd_divisor : {"n-1", "n"}, default "n-1"
        ``"n-1"`` (sample SD) or ``"n"``.
    rounding : str, default "either"
        A rule of :data:`mibook.checks.ROUNDING_RULES`; ``"either"`` lets ties go both ways.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` (``check_id, source, statistic, reported, n, test, verdict,
        detail``), every value a string; ``test`` is one of :data:`TESTS` and ``verdict`` one
        of :data:`VERDICTS`.

    Raises
    ------
    ValueError
        For ``n_sessions`` not an integer of at least 2, an unknown ``sd_divisor`` or an
        unknown ``rounding`` rule.

    See Also
    --------
    verdict_summary : The verdicts counted per test.

    Examples
    --------
    >>> audit = run_audit()
    >>> audit.loc[0, ["check_id", "test", "verdict"]].tolist()
    ['percent__no_t1_gender_female_pct', 'percent', 'consistent']
    >>> audit.set_index("check_id").loc["grim__no_t1_age_mean", "detail"][:40]
    'With n = 112, the mean must be k/112; 11'
    """
    if numbers is None:
        numbers = published.numbers()
    if not isinstance(n_sessions, int) or isinstance(n_sessions, bool) or n_sessions < 2:
        raise ValueError(f"n_sessions must be an integer >= 2, not {n_sessions!r}")
    if sd_divisor not in ("n-1", "n"):
        raise ValueError(f"sd_divisor must be 'n-1' or 'n', not {sd_divisor!r}")
    if rounding not in cc.ROUNDING_RULES:
        raise ValueError(
            f"rounding must be one of {', '.join(cc.ROUNDING_RULES)}, not {rounding!r}"
        )
    numbers = numbers.fillna("").astype(str)
    rows = (
        _percent_checks(numbers, rounding)
        + _sum_checks(numbers, rounding)
        + _grim_checks(numbers, n_sessions, sd_divisor, rounding)
        + _composite_checks(numbers, rounding)
        + _text_vs_table_checks(numbers, rounding)
    )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame["check_id"].duplicated().any():  # pragma: no cover - a programming error
        raise AssertionError(
            f"duplicate check ids: {frame['check_id'][frame['check_id'].duplicated()].tolist()}"
        )
    return frame


def verdict_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """Counts of verdicts per test (rows: tests in contract order; columns: verdicts).

    Parameters
    ----------
    audit : pandas.DataFrame
        The result of :func:`run_audit`.

    Returns
    -------
    pandas.DataFrame
        Integer counts, one row per test of :data:`TESTS` (zero rows included) and a last row
        ``all``; one column per verdict of :data:`VERDICTS`.

    Examples
    --------
    >>> table = verdict_summary(run_audit())
    >>> table.index.tolist()
    ['grim', 'grimmer', 'debit', 'percent', 'sum', 'composite', 'text_vs_table', 'all']
    >>> table.columns.tolist()
    ['consistent', 'inconsistent', 'not_testable']
    >>> int(table.loc["all"].sum()) == len(run_audit())
    True
    """
    table = pd.crosstab(audit["test"], audit["verdict"]).reindex(
        index=list(TESTS), columns=list(VERDICTS), fill_value=0
    )
    table = table.fillna(0).astype(int)
    table.loc["all"] = table.sum()
    table.index.name = "test"
    table.columns.name = None
    return table
