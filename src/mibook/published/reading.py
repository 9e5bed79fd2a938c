"""The book's reading of the articles, shared by the audit and the chapters.

Which table categories a phrase of the Results covers, which counts are printed twice, the
sizes the Methods give, and the statements of the articles that contradict or strain each other
(``data/published/statements.csv``, :func:`statements`).

These are decisions, not data: each says how the book understands a sentence of an article, so
the audit and the chapters use the same reading. The audit prints each in its check's detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from mibook import paths
from mibook.published.numbers import value

#: "agree" and "strongly agree" (4 and 5): the answers the article counts as satisfied or useful.
AGREE = ("4", "5")
#: The answers the article counts as preferring the sessions earlier.
EARLIER = ("2_months_earlier", "1_month_earlier")

#: Text percents that summarise several categories of a table variable:
#: id -> (variable, categories).
TEXT_GROUPS = {
    "no_txt_higher_education_pct": ("education", ("higher_up_to_3_years", "higher_over_3_years")),
    "no_txt_satisfied_pct": ("satisfaction", AGREE),
    "no_txt_useful_pct": ("useful_overall", AGREE),
    "no_txt_prefer_earlier_pct": ("preferred_timing", EARLIER),
}


@dataclass(frozen=True)
class Claim:
    """A summary statement of the article's Results text, as a share of one item's answers.

    Attributes
    ----------
    key : str
        A short name, e.g. ``"satisfied"``.
    description : str
        What the statement says, for tables.
    item : str
        The questionnaire item (contract column) it summarises.
    responses : tuple of str
        The answers it counts.
    published_id : str
        The id of the printed percentage in ``data/published/numbers.csv``.

    Examples
    --------
    >>> claim = CLAIMS[0]
    >>> claim.item, claim.responses, value(claim.published_id)
    ('satisfaction', ('4', '5'), '99')
    """

    key: str
    description: str
    item: str
    responses: tuple[str, ...]
    published_id: str


#: The four shares the Results text of Foldal et al. (2021) condenses Table 2 into.
CLAIMS = (
    Claim(
        "satisfied",
        "Satisfied or very satisfied (agree or strongly agree)",
        *TEXT_GROUPS["no_txt_satisfied_pct"],
        "no_txt_satisfied_pct",
    ),
    Claim(
        "useful",
        "Found the sessions useful (agree or strongly agree, overall question)",
        *TEXT_GROUPS["no_txt_useful_pct"],
        "no_txt_useful_pct",
    ),
    Claim(
        "appropriate",
        "The timing was appropriate (yes)",
        "timing_appropriate",
        ("yes",),
        "no_txt_appropriate_timing_pct",
    ),
    Claim(
        "earlier",
        "Would have preferred the sessions one or two months earlier",
        *TEXT_GROUPS["no_txt_prefer_earlier_pct"],
        "no_txt_prefer_earlier_pct",
    ),
)

#: The same count printed in the text and in a table, where the rows share no variable.
TEXT_TABLE_PAIRS = (("no_txt_questionnaire_respondents", "no_t1_n_total"),)

#: Variables that are 0/1 when coded as a proportion (DEBIT needs a printed mean and SD of one).
BINARY_VARIABLES = ("gender", "timing_appropriate")

#: Swedish Table 1 (2013) against the Methods text: table id -> text ids whose counts make it up.
SWEDISH_SUMS = {
    "se_t1_2013_unit_managers_n": (
        "se_txt_first_set_unit_managers_offices",
        "se_txt_first_set_unit_managers_other",
    ),
    "se_t1_2013_officials_n": ("se_txt_first_set_officials",),
    "se_t1_2013_regional_coordinators_n": ("se_txt_first_set_regional_coordinators",),
}

#: Sessions behind Table 3 and the caseworkers who recorded them (Methods: MI Fidelity).
N_SESSIONS = int(value("no_txt_recorded_sessions"))
N_CASEWORKERS = int(value("no_txt_recording_caseworkers"))


#: The file of statements that contradict or strain each other (read by :func:`statements`).
STATEMENTS_CSV = paths.PUBLISHED / "statements.csv"

#: The severities of ``statements.csv``: both cannot be true, or both hold only under an
#: assumption the article does not state.
SEVERITIES = ("contradiction", "tension")


@lru_cache(maxsize=1)
def statements() -> pd.DataFrame:
    """The pairs of statements of the articles that contradict or strain each other.

    Read once from ``data/published/statements.csv`` and cached: callers must not modify the
    frame. Each row is the book's reading of two passages, paraphrased in the book's own words
    with both locations; like the numbers, the file is written by hand and never by code.

    Returns
    -------
    pandas.DataFrame
        Columns ``statement_id`` (unique), ``article`` (``foldal2021``, ``stahl2018`` or
        ``both``), ``kind``, ``location_a``, ``says_a``, ``location_b``, ``says_b``,
        ``conflict``, ``severity`` (one of :data:`SEVERITIES`) and ``number_ids`` (ids of
        ``numbers.csv`` separated by spaces, possibly empty); every column a string.

    Examples
    --------
    >>> first = statements().iloc[0]
    >>> first["statement_id"], first["severity"], first["location_b"]
    ('no_stmt_01', 'contradiction', 'Table 1')
    >>> sorted(set(statements()["severity"])) == sorted(SEVERITIES)
    True
    """
    return pd.read_csv(STATEMENTS_CSV, dtype=str, keep_default_na=False)
