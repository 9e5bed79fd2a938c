"""The reproduction ledger: every published number beside what the book's data give for it.

One row per row of ``data/published/numbers.csv`` (none left out), generated here, never written
by hand. Columns: ``id, article, location, label, reported, recomputed, status, reason``.

Statuses:

``reproduced``                   the book's data give the printed value;
``reproduced_under_assumption``  they give it only under a stated assumption: an exact tie
                                 that only some round-to-nearest rules send to the printed
                                 value (62.5 % printed as 63 needs half-up rounding);
``not_reproducible``             no rounding of the book's data gives the printed value;
``not_computable``               no individual data exist for it (descriptive facts about the
                                 setting, training, focus groups, interviews), or the data it
                                 needs are not yet in the book (reason starts "not yet reproduced").
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd

from mibook import checks as cc
from mibook import paths, published
from mibook.analysis.categories import category_table, sample_age
from mibook.analysis.miti import summary
from mibook.inputs.contracts import MITI_GLOBALS, RESPONDENT_CODES
from mibook.inputs.miti_scores import COMPOSITES
from mibook.inputs.provenance import chapter_data
from mibook.published.reading import TEXT_GROUPS

COLUMNS = ["id", "article", "location", "label", "reported", "recomputed", "status", "reason"]
STATUSES = ("reproduced", "reproduced_under_assumption", "not_reproducible", "not_computable")
NEAREST_RULES = ("half_up", "half_even", "half_down")
ITEMS = (
    "gender",
    "education",
    "sick_leave_length",
    "satisfaction",
    "useful_first",
    "useful_second",
    "useful_overall",
    "timing_appropriate",
    "preferred_timing",
)
MITI_MEASURES = (*MITI_GLOBALS, *COMPOSITES)


def _categories(variable: str) -> list[str]:
    if variable in RESPONDENT_CODES:
        return [str(c) for c in RESPONDENT_CODES[variable]]
    return ["1", "2", "3", "4", "5"]


def _percent_status(
    count: int, denominator: int, reported: str, table_rules_ok: list[str]
) -> tuple[str, str]:
    exact = Fraction(100 * count, denominator)
    shown = f"{count}/{denominator} = {float(exact):.2f}%"
    rules = [r for r in NEAREST_RULES if cc.rounds_to(exact, reported, r)]
    if len(rules) == len(NEAREST_RULES):
        return "reproduced", f"{shown} rounds to {reported} under any round-to-nearest rule"
    if rules:
        return "reproduced_under_assumption", (
            f"{shown} is a tie; it prints as {reported} only with "
            f"{' or '.join(r.replace('_', '-') for r in rules)} rounding"
        )
    others = [r for r in cc.rounding_rules_that_agree(count, denominator, reported)]
    extra = (
        f"; only {', '.join(others)} gives {reported}, which is not a round-to-nearest rule"
        if others
        else "; no rounding rule gives it"
    )
    return (
        "not_reproducible",
        f"{shown} rounds to {cc.round_exact(exact, cc.decimals(reported), 'half_up')}, "
        f"not {reported}{extra}",
    )


def _value_status(value: float, reported: str, finer: str | None) -> tuple[str, str]:
    """Status of a printed mean or SD against the data's value, under the nearest rules.

    The value is reproduced when it rounds to the printed figure under every round-to-nearest
    rule, reproduced under assumption when only some rules give it (an exact tie), and not
    reproducible otherwise. ``finer`` names the same figure printed with more decimals
    elsewhere; it is mentioned, but it does not change the status: the table's figure is
    compared with the data, not with the text.
    """
    d = cc.decimals(reported)
    exact = Fraction(repr(value))
    shown = f"{value:.{d + 3}f}"
    also = f" (the article also prints it as {finer})" if finer else ""
    rules = [r for r in NEAREST_RULES if cc.rounds_to(exact, reported, r)]
    if len(rules) == len(NEAREST_RULES):
        return "reproduced", (
            f"the data give {shown}, which rounds to {reported} under any round-to-nearest "
            f"rule{also}"
        )
    if rules:
        return "reproduced_under_assumption", (
            f"the data give {shown}, a tie; it prints as {reported} only with "
            f"{' or '.join(r.replace('_', '-') for r in rules)} rounding{also}"
        )
    return "not_reproducible", f"the data give {shown}, which does not round to {reported}{also}"


def _not_computable_reason(row) -> str:
    """Why a published number has no counterpart in the book's data, in words."""
    if row.article == published.SWEDEN and row.location.startswith("Table"):
        if row.statistic == "count":
            return (
                "interview counts from the Swedish study; no individual data (see the audit for "
                "the check against the text)"
            )
        return (
            f"when the Swedish study collected its data ({row.value_as_printed}), as its "
            f"Table 1 prints it: a date, not a quantity any data could reproduce"
            if row.unit == "year"
            else f"{row.column_label} in the Swedish study's Table 1: a description of the "
            "study; no individual data"
        )
    return (
        "a descriptive fact about the study (setting, training, schedule, sample sizes, "
        "durations); no individual data"
    )


def _miti_summary(miti_csv: str | Path) -> pd.DataFrame | None:
    """n, mean and SD of each Table 3 measure in the MITI data (None when there is no file)."""
    path = Path(miti_csv) if str(miti_csv) else paths.RECONSTRUCTED_MITI
    if not path.exists():
        return None
    data = chapter_data("miti", path)
    table = summary(data.frame, data.loaded.present).set_index("measure")
    return table.loc[[m for m in MITI_MEASURES if m in table.index], ["n", "mean", "sd"]]


def build_ledger(
    respondents_csv: str = "", miti_csv: str = "", numbers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The reproduction ledger (see the module docstring) on the given or the book's data.

    Parameters
    ----------
    respondents_csv : str, default ""
        A respondents file; empty for the book's reconstructed rows.
    miti_csv : str, default ""
        A MITI file; empty for the book's reconstructed sessions (when they exist).
    numbers : pandas.DataFrame, optional
        The published numbers (default: ``data/published/numbers.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per published number, in the file's order, columns :data:`COLUMNS`:
        ``reported`` as printed, ``recomputed`` as text (empty when not computable),
        ``status`` one of :data:`STATUSES` and ``reason`` in words.

    Raises
    ------
    mibook.inputs.problems.InvalidInput
        For a data file that does not satisfy its contract.

    See Also
    --------
    status_counts : How many numbers have each status.

    Examples
    --------
    >>> ledger = build_ledger()
    >>> row = ledger.set_index("id").loc["no_t2_satisfaction_4_pct"]
    >>> row["reported"], row["recomputed"], row["status"]
    ('13', '13.51', 'not_reproducible')
    >>> for part in row["reason"].split("; "):
    ...     print(part)
    15/111 = 13.51% rounds to 14, not 13
    only truncate gives 13, which is not a round-to-nearest rule
    """
    numbers = (published.numbers() if numbers is None else numbers).fillna("").astype(str)
    frame = chapter_data("respondents", respondents_csv).frame
    tidy = {v: category_table(frame, v, _categories(v)) for v in ITEMS if v in frame}
    age = sample_age(frame).iloc[0]
    miti = _miti_summary(miti_csv)

    # figures printed twice with different precision: the reason names the finer one
    finer = {}
    table = numbers[numbers["location"].str.startswith("Table")]
    for r in numbers[
        ~numbers["location"].str.startswith("Table") & (numbers["variable"] != "")
    ].itertuples():
        hit = table[
            (table["variable"] == r.variable)
            & (table["category"] == r.category)
            & (table["statistic"] == r.statistic)
        ]
        for t in hit.itertuples():
            if r.statistic in ("mean", "sd") and cc.decimals(r.value) > cc.decimals(t.value):
                finer[t.id] = f"{r.value} in {r.location}"

    rows = []
    for r in numbers.itertuples():
        label = " — ".join(x for x in (r.row_label, r.column_label) if x)
        recomputed, status, reason = "", "not_computable", ""
        var, cat, stat = r.variable, r.category, r.statistic
        if r.article == published.NORWAY and var in tidy and r.location in ("Table 1", "Table 2"):
            part = tidy[var]
            denominator = int(part["denominator"].iloc[0])
            if r.id.endswith("_denominator") or (stat == "count" and cat == ""):
                recomputed = str(denominator)
                status, reason = (
                    ("reproduced", "answers to this item in the data")
                    if recomputed == r.value
                    else ("not_reproducible", f"the data hold {denominator} answers to this item")
                )
            elif stat in ("count", "percent"):
                hit = part[part["category"] == cat]
                n = int(hit["n"].iloc[0])
                if stat == "count":
                    recomputed = str(n)
                    status, reason = (
                        ("reproduced", "count in the data")
                        if n == int(r.value)
                        else ("not_reproducible", f"the data count {n}")
                    )
                else:
                    recomputed = f"{100 * n / denominator:.2f}"
                    status, reason = _percent_status(n, denominator, r.value, [])
        elif r.id == "no_t1_n_total" or r.id == "no_txt_questionnaire_respondents":
            recomputed = str(len(frame))
            status, reason = (
                ("reproduced", "rows in the respondents data")
                if recomputed == r.value
                else ("not_reproducible", f"the data hold {len(frame)} respondents")
            )
        elif var == "age" and stat in ("mean", "sd"):
            value = float(age[stat])
            recomputed = f"{value:.3f}"
            status, reason = _value_status(value, r.value, finer.get(r.id))
        elif r.id in TEXT_GROUPS or (
            r.location.startswith(("Results", "Methods")) and stat == "percent" and var in tidy
        ):
            variable, cats = TEXT_GROUPS.get(r.id, (var, (cat,)))
            part = tidy[variable]
            n = int(part[part["category"].isin(cats)]["n"].sum())
            denominator = int(part["denominator"].iloc[0])
            recomputed = f"{100 * n / denominator:.2f}"
            status, reason = _percent_status(n, denominator, r.value, [])
            reason = f"{variable}: {' + '.join(cats)}; {reason}"
        elif r.id == "no_txt_response_rate":
            k, n = (
                int(published.value("no_txt_questionnaire_respondents")),
                int(published.value("no_txt_completed_both_sessions")),
            )
            recomputed = f"{100 * k / n:.2f}"
            status, reason = _percent_status(k, n, r.value, [])
            reason = (
                f"from the printed counts ({k} respondents of {n} who completed both sessions): "
                f"{reason}"
            )
        elif var in MITI_MEASURES and stat in ("mean", "sd"):
            if miti is None:
                reason = "not yet reproduced: data/reconstructed/miti.csv does not exist yet"
            elif var not in miti.index:
                reason = f"not yet reproduced: the MITI data have no {var} column"
            else:
                value = float(miti.loc[var, stat])
                recomputed = f"{value:.3f}"
                status, reason = _value_status(value, r.value, None)
                if status == "not_reproducible" and stat == "mean":
                    items = 2 if var in COMPOSITES else 1
                    g = cc.grim(r.value, int(miti.loc[var, "n"]), items=items)
                    if not g.consistent:
                        reason += (
                            f" (GRIM: no set of {int(miti.loc[var, 'n'])} integer ratings has "
                            "this mean)"
                        )
        else:
            reason = _not_computable_reason(r)
        rows.append(
            {
                "id": r.id,
                "article": r.article,
                "location": r.location,
                "label": label,
                "reported": r.value,
                "recomputed": recomputed,
                "status": status,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def status_counts(ledger: pd.DataFrame) -> pd.DataFrame:
    """How many published numbers have each status of the ledger.

    Parameters
    ----------
    ledger : pandas.DataFrame
        The result of :func:`build_ledger`.

    Returns
    -------
    pandas.DataFrame
        Columns ``status`` and ``numbers``, one row per status of :data:`STATUSES` in that
        order, zero counts included.

    Examples
    --------
    >>> status_counts(build_ledger())
                            status  numbers
    0                   reproduced       92
    1  reproduced_under_assumption        3
    2             not_reproducible       11
    3               not_computable      127
    """
    counts = ledger["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    return counts.rename_axis("status").reset_index(name="numbers")
