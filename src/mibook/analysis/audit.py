"""The consistency audit of the published numbers (``mibook audit``; the audit chapter).

Every check is generated from ``data/published/numbers.csv`` (and, for the ``statement`` test,
``data/published/statements.csv``) and run with the exact functions of :mod:`mibook.checks`;
nothing here knows which cells are wrong. One row per check, with the contract's columns
``check_id, source, statistic, reported, n, test, verdict, detail``; :func:`run_audit` adds a
column ``number_ids`` (the printed numbers each check tests), which :func:`problems` uses to
group the checks that fail because of the same numbers.

Assumptions (all parameters of :func:`run_audit`):

* ratings and answers are integers (GRIM, GRIMMER);
* ``n`` is the number the article states (Table 3: ``n_sessions`` coded sessions); sample
  sizes are taken as given, never as a number a check puts in doubt;
* SDs are sample SDs (``sd_divisor="n-1"``) unless told otherwise;
* ``rounding="either"``: a printed value stands for everything within half a unit of it, ties
  included; a directed rule (``"half_up"``, ``"half_even"`` …) makes the ties decisive;
* a figure printed twice with different precision (the text's mean age 45.5, the table's 45) is
  taken as two roundings of one unrounded value, not as the finer figure rounded again: both are
  right when some value rounds to each of them under the rule
  (:func:`mibook.checks.text_vs_table` with ``from_unrounded=True``).

Where the text summarises several table categories in one percent ("higher education", "satisfied
or very satisfied"), :data:`mibook.published.reading.TEXT_GROUPS` says which categories that
phrase covers; this is the audit's reading of the text and is printed in each check's detail.

The ``statement`` test reads the pairs of statements that
:func:`mibook.published.reading.statements` lists: a *contradiction* (both cannot be true) is
``inconsistent``, a *tension* (both hold only under an assumption the article does not state) is
``consistent``, since both can be right; the detail quotes both locations in the book's words.

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
    statements,
)

#: The columns of ``consistency.csv`` (the contract).
COLUMNS = ["check_id", "source", "statistic", "reported", "n", "test", "verdict", "detail"]

#: The tests, in the order of the audit; ``statement`` (added to the contract's seven) compares
#: statements of the articles with each other or with a table.
TESTS = ("grim", "grimmer", "debit", "percent", "sum", "composite", "text_vs_table", "statement")

VERDICTS = ("consistent", "inconsistent", "not_testable")

#: The columns of :func:`problems` (``problems.csv``).
PROBLEM_COLUMNS = ["problem", "kind", "where", "tests", "n_checks", "check_ids", "number_ids"]

#: How the audit name the two articles (and both together) in ``source``.
ARTICLES = {
    published.NORWAY: "Foldal et al. 2021",
    published.SWEDEN: "Ståhl & Gustavsson 2018",
    "both": "Both articles",
}

#: The verdict of a statement pair, by its severity.
SEVERITY_VERDICT = {"contradiction": "inconsistent", "tension": "consistent"}

_VERDICT = {True: "consistent", False: "inconsistent", None: "not_testable"}


def _source(row) -> str:
    article = ARTICLES.get(row.article, row.article)
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
    number_ids=(),
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
        "number_ids": " ".join(dict.fromkeys(number_ids)),
    }


def _is_table(row) -> bool:
    return row.location.startswith("Table")


def _count_for(numbers: pd.DataFrame, row) -> tuple[int, str] | None:
    """The printed count of the category of ``row`` and its id, if the table prints one."""
    hit = numbers[
        (numbers["article"] == row.article)
        & (numbers["location"] == row.location)
        & (numbers["variable"] == row.variable)
        & (numbers["category"] == row.category)
        & (numbers["statistic"] == "count")
    ]
    return (int(hit["value"].iloc[0]), hit["id"].iloc[0]) if len(hit) else None


def _category_rows(numbers: pd.DataFrame, article: str, location: str, variable: str):
    return numbers[
        (numbers["article"] == article)
        & (numbers["location"] == location)
        & (numbers["variable"] == variable)
        & (numbers["statistic"] == "count")
        & (numbers["category"] != "")
    ]


def _category_counts(
    numbers: pd.DataFrame, article: str, location: str, variable: str
) -> dict[str, int]:
    """Printed count of every category of one table variable, in printed order.

    Parameters
    ----------
    numbers : pandas.DataFrame
        The published numbers, every column a string.
    article, location, variable : str
        Which table variable, e.g. ``"foldal2021"``, ``"Table 1"``, ``"education"``.

    Returns
    -------
    dict of str to int
        Category code -> printed count.

    Examples
    --------
    >>> _category_counts(published.numbers(), published.NORWAY, "Table 1", "education")
    {'high_school': 26, 'higher_up_to_3_years': 44, 'higher_over_3_years': 42}
    """
    hit = _category_rows(numbers, article, location, variable)
    return {r.category: int(r.value) for r in hit.itertuples()}


def _category_ids(numbers: pd.DataFrame, article: str, location: str, variable: str) -> dict:
    hit = _category_rows(numbers, article, location, variable)
    return {r.category: r.id for r in hit.itertuples()}


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
        found = _count_for(numbers, row)
        if found is None:
            continue
        count, count_id = found
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
                f"percent__{row.id}",
                _source(row),
                "percent",
                row.value,
                n,
                "percent",
                res,
                detail,
                number_ids=(count_id, row.id),
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
        count_ids = list(_category_ids(numbers, published.NORWAY, location, variable).values())
        n, where = _table_n(numbers, published.NORWAY, variable)
        first = numbers[(numbers["location"] == location) & (numbers["variable"] == variable)].iloc[
            0
        ]
        source = f"{ARTICLES[published.NORWAY]}, {location}: {first.row_label.split(':')[0]}"
        cid = f"sum__{location.lower().replace(' ', '')}_{variable}"
        if len(counts) < 2:
            shown = ", ".join(f"{c} = {k}" for c, k in counts.items())
            detail = (
                f"Only one category is printed ({shown}); the others are not shown, so there is "
                f"nothing to add up against N = {n}."
            )
            out.append(
                _row(
                    cid,
                    source,
                    "category counts",
                    n,
                    n,
                    "sum",
                    None,
                    detail,
                    "not_testable",
                    number_ids=count_ids,
                )
            )
            continue
        res = cc.sum_check(list(counts.values()), n)
        detail = f"Counts of {len(counts)} categories against {where} (N = {n}): {res.detail}"
        out.append(
            _row(cid, source, "category counts", n, n, "sum", res, detail, number_ids=count_ids)
        )
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
                    number_ids=list(pct["id"]),
                )
            )
    # Swedish Table 1 (2013) against the Methods text
    for table_id, text_ids in SWEDISH_SUMS.items():
        trow = numbers[numbers["id"] == table_id].iloc[0]
        parts = [int(numbers.loc[numbers["id"] == t, "value"].iloc[0]) for t in text_ids]
        total = int(trow.value)
        source = (
            f"{ARTICLES[published.SWEDEN]}, Table 1 ({trow.row_label}, {trow.column_label}) "
            "vs Methods"
        )
        ids = (table_id, *text_ids)
        if len(parts) > 1:
            res = cc.sum_check(parts, total)
            detail = (
                f"The Methods text names {' and '.join(str(p) for p in parts)} interviewees of "
                f"this group in 2013; {res.detail}"
            )
            out.append(
                _row(
                    f"sum__{table_id}",
                    source,
                    "count",
                    trow.value,
                    total,
                    "sum",
                    res,
                    detail,
                    number_ids=ids,
                )
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
                    number_ids=ids,
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
        out.append(
            _row(
                f"grim__{row.id}",
                _source(row),
                "mean",
                row.value,
                n,
                "grim",
                res,
                detail,
                number_ids=(row.id,),
            )
        )
        sd = numbers[
            (numbers["article"] == row.article)
            & (numbers["location"] == row.location)
            & (numbers["variable"] == row.variable)
            & (numbers["statistic"] == "sd")
        ]
        if len(sd):
            sd_value, sd_id = sd["value"].iloc[0], sd["id"].iloc[0]
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
                    # a GRIMMER that fails at GRIM puts only the mean in doubt
                    number_ids=(row.id,) if g.failed_test == "grim" else (row.id, sd_id),
                )
            )
        if row.variable in BINARY_VARIABLES and len(sd):
            d = cc.debit(
                row.value, sd["value"].iloc[0], n, rounding=rounding, sd_divisor=sd_divisor
            )
            out.append(
                _row(
                    f"debit__{row.id}",
                    _source(row),
                    "proportion and sd",
                    row.value,
                    n,
                    "debit",
                    d,
                    number_ids=(row.id, sd_id),
                )
            )
    # percents stated in the text with a known n: GRIM for percentages
    for row in numbers[(numbers["statistic"] == "percent") & (numbers["n"] != "")].itertuples():
        if _is_table(row):
            continue
        n = int(row.n)
        res = cc.grim(row.value, n, percent=True, rounding=rounding)
        out.append(
            _row(
                f"grim__{row.id}",
                _source(row),
                "percent",
                row.value,
                n,
                "grim",
                res,
                number_ids=(row.id,),
            )
        )
    return out


def _composite_checks(numbers, rounding):
    out = []
    t3 = numbers[(numbers["article"] == published.NORWAY) & (numbers["location"] == "Table 3")]

    def get(variable, statistic):
        hit = t3[(t3["variable"] == variable) & (t3["statistic"] == statistic)]
        return (hit["value"].iloc[0], hit["id"].iloc[0]) if len(hit) else (None, None)

    for composite, parts in COMPOSITES.items():
        means, mean_ids = zip(*(get(p, "mean") for p in parts), strict=True)
        sds, sd_ids = zip(*(get(p, "sd") for p in parts), strict=True)
        (cm, cm_id), (csd, csd_id) = get(composite, "mean"), get(composite, "sd")
        label = t3.loc[t3["variable"] == composite, "row_label"]
        label = label.iloc[0] if len(label) else f"global score {composite}"
        source = f"{ARTICLES[published.NORWAY]}, Table 3: {label}"
        if cm and all(means):
            res = cc.composite_check(list(means), cm, rounding=rounding)
            detail = (
                f"The {composite} score is the average of {parts[0].replace('_', ' ')} and "
                f"{parts[1].replace('_', ' ')}. {res.detail}"
            )
            out.append(
                _row(
                    f"composite__{composite}_mean",
                    source,
                    "mean",
                    cm,
                    "",
                    "composite",
                    res,
                    detail,
                    number_ids=(cm_id, *mean_ids),
                )
            )
        if csd and all(sds):
            res = cc.composite_sd_bounds(list(sds), csd, rounding=rounding)
            out.append(
                _row(
                    f"composite__{composite}_sd",
                    source,
                    "sd",
                    csd,
                    "",
                    "composite",
                    res,
                    number_ids=(csd_id, *sd_ids),
                )
            )
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
        res = cc.text_vs_table(row.value, trow.value, rounding, from_unrounded=True)
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
                number_ids=(row.id, trow.id),
            )
        )
    for text_id, table_id in TEXT_TABLE_PAIRS:
        a = numbers[numbers["id"] == text_id].iloc[0]
        b = numbers[numbers["id"] == table_id].iloc[0]
        res = cc.text_vs_table(a.value, b.value, rounding, from_unrounded=True)
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
                number_ids=(text_id, table_id),
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
        ids = _category_ids(numbers, row.article, location, variable)
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
                number_ids=(text_id, *(ids[c] for c in categories if c in ids)),
            )
        )
    return out


def _statement_checks(numbers: pd.DataFrame, pairs: pd.DataFrame) -> list[dict]:
    """One check per pair of statements: a contradiction is inconsistent, a tension consistent."""
    values = dict(zip(numbers["id"], numbers["value"], strict=True))
    out = []
    for r in pairs.itertuples():
        if r.severity not in SEVERITY_VERDICT:
            raise ValueError(
                f"statement {r.statement_id}: severity must be one of "
                f"{', '.join(SEVERITY_VERDICT)}, not {r.severity!r}"
            )
        ids = r.number_ids.split()
        article = ARTICLES.get(r.article, r.article)
        source = (
            f"{r.location_a} vs {r.location_b}"
            if r.article == "both"
            else f"{article}, {r.location_a} vs {r.location_b}"
        )
        lead = (
            "Contradiction: both cannot be true."
            if r.severity == "contradiction"
            else "Tension: both can be true, but only under an assumption the article does "
            "not state."
        )
        detail = f"{lead} {r.location_a}: {r.says_a} {r.location_b}: {r.says_b} {r.conflict}"
        out.append(
            _row(
                f"statement__{r.statement_id}",
                source,
                r.kind,
                "; ".join(values[i] for i in ids if i in values),
                "",
                "statement",
                None,
                detail,
                SEVERITY_VERDICT[r.severity],
                number_ids=ids,
            )
        )
    return out


def run_audit(
    numbers: pd.DataFrame | None = None,
    n_sessions: int = 20,
    sd_divisor: str = "n-1",
    rounding: str = "either",
    statement_pairs: pd.DataFrame | None = None,
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
    statement_pairs : pandas.DataFrame, optional
        The pairs of statements for the ``statement`` test (default:
        :func:`mibook.published.reading.statements`); an empty frame leaves the test out.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` (``check_id, source, statistic, reported, n, test, verdict,
        detail``) and ``number_ids`` (the ids of the printed numbers the check tests, separated
        by spaces; not part of ``consistency.csv``), every value a string; ``test`` is one of
        :data:`TESTS` and ``verdict`` one of :data:`VERDICTS`. A ``statement`` check has the
        kind of the pair as its ``statistic`` and the printed values it names as ``reported``.

    Raises
    ------
    ValueError
        For ``n_sessions`` not an integer of at least 2, an unknown ``sd_divisor``, an
        unknown ``rounding`` rule, or a statement pair whose severity is unknown.

    See Also
    --------
    verdict_summary : The verdicts counted per test.
    problems : The inconsistent checks grouped into distinct problems.

    Examples
    --------
    >>> audit = run_audit()
    >>> audit.loc[0, ["check_id", "test", "verdict"]].tolist()
    ['percent__no_t1_gender_female_pct', 'percent', 'consistent']
    >>> audit.set_index("check_id").loc["grim__no_t1_age_mean", "detail"][:40]
    'With n = 112, the mean must be k/112; 11'
    >>> age = audit.set_index("check_id").loc["text_vs_table__no_txt_age_mean"]
    >>> age["verdict"], age["number_ids"]
    ('consistent', 'no_txt_age_mean no_t1_age_mean')
    >>> run_audit(rounding="half_up").set_index("check_id").loc[
    ...     "text_vs_table__no_txt_age_mean", "verdict"
    ... ]
    'consistent'
    >>> audit.set_index("check_id").loc["statement__no_stmt_01", ["test", "verdict"]].tolist()
    ['statement', 'inconsistent']
    """
    if numbers is None:
        numbers = published.numbers()
    if statement_pairs is None:
        statement_pairs = statements()
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
        + _statement_checks(numbers, statement_pairs.fillna("").astype(str))
    )
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "number_ids"])
    if frame["check_id"].duplicated().any():  # pragma: no cover - a programming error
        raise AssertionError(
            f"duplicate check ids: {frame['check_id'][frame['check_id'].duplicated()].tolist()}"
        )
    return frame


def _common_source(sources: list[str]) -> str:
    """The longest run of leading ``": "``-separated parts that all sources share."""
    parts = [s.split(": ") for s in sources]
    common = []
    for segment in zip(*parts, strict=False):
        if len(set(segment)) != 1:
            break
        common.append(segment[0])
    return ": ".join(common) if common else sources[0]


def problems(audit: pd.DataFrame) -> pd.DataFrame:
    """The inconsistent checks grouped into distinct problems, one row per problem.

    Several checks can fail because of one printed number: a mean that fails GRIM fails
    GRIMMER too, a category missing from a sum also spoils its percent, a composite that is not
    the average of its parts involves the parts' means. So a problem is a set of printed
    numbers that cannot all be right:

    * two inconsistent arithmetic checks belong to one problem when they test a common printed
      number (``number_ids``; sample sizes are taken as given and never shared), and so on
      transitively;
    * an inconsistent ``statement`` check restates an arithmetic problem, and joins it, when it
      names every number that problem's checks test; otherwise it is a problem of its own.

    Consistent and untestable checks are in no problem; tensions between statements are
    consistent, so they are not problems either.

    Parameters
    ----------
    audit : pandas.DataFrame
        The result of :func:`run_audit` (with its ``number_ids`` column).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PROBLEM_COLUMNS`: ``problem`` (``P1``, ``P2`` … in the order of each
        problem's first check in the audit), ``kind`` (``arithmetic``, ``statement`` or
        ``arithmetic and statement``), ``where`` (the part of the checks' ``source`` they all
        share), ``tests`` (the tests that failed, in :data:`TESTS` order), ``n_checks`` (int),
        ``check_ids`` and ``number_ids`` (separated by ``"; "`` and by spaces).

    Examples
    --------
    >>> table = problems(run_audit())
    >>> row = table.set_index("problem").loc["P1"]
    >>> row["where"], row["tests"], int(row["n_checks"])
    ('Foldal et al. 2021, Table 1: Sick leave length (a)', 'percent, sum', 2)
    >>> int(table["n_checks"].sum()) == int((run_audit()["verdict"] == "inconsistent").sum())
    True
    """
    bad = audit[audit["verdict"] == "inconsistent"].reset_index(drop=True)
    ids = [set(x.split()) for x in bad["number_ids"]]
    parent = list(range(len(bad)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        parent[max(a, b)] = min(a, b)

    arithmetic = [i for i in range(len(bad)) if bad.loc[i, "test"] != "statement"]
    for a, i in enumerate(arithmetic):
        for j in arithmetic[a + 1 :]:
            if ids[i] & ids[j]:
                union(i, j)
    groups: dict[int, set[int]] = {}
    for i in arithmetic:
        groups.setdefault(find(i), set()).add(i)
    numbers_of = {root: set().union(*(ids[i] for i in members)) for root, members in groups.items()}
    for i in (i for i in range(len(bad)) if bad.loc[i, "test"] == "statement"):
        for root, numbers in numbers_of.items():
            if numbers and numbers <= ids[i]:
                union(root, i)
    members: dict[int, list[int]] = {}
    for i in range(len(bad)):
        members.setdefault(find(i), []).append(i)
    rows = []
    for k, group in enumerate(sorted(members.values(), key=min), start=1):
        part = bad.loc[sorted(group)]
        tests = [t for t in TESTS if t in set(part["test"])]
        statement = "statement" in tests
        kind = (
            "statement"
            if tests == ["statement"]
            else "arithmetic and statement"
            if statement
            else "arithmetic"
        )
        numbers = [n for x in part["number_ids"] for n in x.split()]
        rows.append(
            {
                "problem": f"P{k}",
                "kind": kind,
                "where": _common_source(list(part["source"])),
                "tests": ", ".join(tests),
                "n_checks": len(part),
                "check_ids": "; ".join(part["check_id"]),
                "number_ids": " ".join(dict.fromkeys(numbers)),
            }
        )
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS).astype({"n_checks": int})


def verdict_changes(before, after) -> pd.DataFrame:
    """The checks whose verdict differs between two audits (e.g. two ``consistency.csv``).

    Parameters
    ----------
    before, after : str, pathlib.Path or pandas.DataFrame
        Two audits: :func:`run_audit` results or paths of ``consistency.csv`` files.

    Returns
    -------
    pandas.DataFrame
        Columns ``check_id``, ``test``, ``before`` and ``after`` (the verdicts; ``absent`` for
        a check only one audit has), one row per check whose verdict changed, in the order of
        ``before`` and then of the checks only ``after`` has.

    Examples
    --------
    >>> changed = verdict_changes(run_audit(), run_audit(sd_divisor="n"))
    >>> print(changed.to_string(index=False))
                           check_id    test       before      after
    grimmer__no_t3_partnership_mean grimmer inconsistent consistent
        grimmer__no_t3_empathy_mean grimmer inconsistent consistent
    """

    def read(audit) -> pd.DataFrame:
        if isinstance(audit, pd.DataFrame):
            return audit
        return pd.read_csv(audit, dtype=str, keep_default_na=False)

    a, b = read(before), read(after)
    first = {r.check_id: (r.test, r.verdict) for r in a.itertuples()}
    second = {r.check_id: (r.test, r.verdict) for r in b.itertuples()}
    rows = []
    for check_id in dict.fromkeys([*first, *second]):
        test, was = first.get(check_id, (None, "absent"))
        other, now = second.get(check_id, (None, "absent"))
        if was != now:
            rows.append((check_id, test or other, was, now))
    changed = pd.DataFrame(rows, columns=["check_id", "test", "before", "after"])
    return changed


def _places(value: str) -> str:
    d = cc.decimals(value)
    return {0: "with no decimals", 1: "with one decimal"}.get(d, f"with {d} decimals")


def printed_twice(text_value: str, table_value: str, rounding: str = "either") -> str:
    """Whether a figure printed twice, with different precision, can be right both times.

    The one wording of this judgement, shared by the audit chapter and the sample chapter (the
    mean age: 45.5 in the text, 45 in Table 1). Both figures are taken as roundings of one
    unrounded value (:func:`mibook.checks.text_vs_table` with ``from_unrounded=True``); when
    rounding the finer figure again under half-up or half-even rounding would not give the
    coarser one, the sentence says so.

    Parameters
    ----------
    text_value, table_value : str
        The two figures as printed.
    rounding : str, default "either"
        A rule of :data:`mibook.checks.ROUNDING_RULES`.

    Returns
    -------
    str
        Plain text (escape it for Markdown), one to three sentences.

    Raises
    ------
    ValueError
        For an unknown rounding rule or a figure that is not a plainly printed number.

    Examples
    --------
    >>> print(printed_twice("45.5", "45"))  # doctest: +NORMALIZE_WHITESPACE
    Both can be right: every value in [45.45, 45.5] prints as 45.5 with one decimal and as 45
    with no decimals. Rounded again, 45.5 would give 46 under half-up and under half-even
    rounding, so 45 is not 45.5 rounded again by those rules: if both are right, each was
    rounded from the unrounded value.
    >>> print(printed_twice("45.5", "45", rounding="ceiling"))
    No unrounded value prints as both 45.5 and 45 under the rule ceiling: one of them is wrong.
    """
    result = cc.text_vs_table(text_value, table_value, rounding, from_unrounded=True)
    if not result.consistent:
        return (
            f"No unrounded value prints as both {text_value} and {table_value} under the rule "
            f"{rounding}: one of them is wrong."
        )
    if cc.decimals(text_value) == cc.decimals(table_value):
        return "Both can be right: they are the same figure, printed with the same precision."
    sentence = (
        f"Both can be right: every value in {result.common_values.describe()} prints as "
        f"{text_value} {_places(text_value)} and as {table_value} {_places(table_value)}."
    )
    fine, coarse = sorted((text_value, table_value), key=cc.decimals, reverse=True)
    places = cc.decimals(coarse)
    again = [r for r in ("half_up", "half_even") if cc.round_exact(fine, places, r) != coarse]
    if places < cc.decimals(fine) and again and rounding in ("either", "up_or_down", *again):
        rounded = " or ".join(sorted({cc.round_exact(fine, places, r) for r in again}))
        rules = " and under ".join(r.replace("_", "-") for r in again)
        sentence += (
            f" Rounded again, {fine} would give {rounded} under {rules} rounding, so {coarse} "
            f"is not {fine} rounded again by those rules: if both are right, each was rounded "
            "from the unrounded value."
        )
    return sentence


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
    >>> table.index.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['grim', 'grimmer', 'debit', 'percent', 'sum', 'composite', 'text_vs_table', 'statement',
     'all']
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
