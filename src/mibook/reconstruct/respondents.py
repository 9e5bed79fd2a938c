"""Individual-level data consistent with the published aggregates (``mibook reconstruct``).

Only marginal summaries were published. For the 112 questionnaire respondents of Foldal et al.
(2021) this module builds one row per respondent such that

* every categorical item has exactly the printed category counts (Tables 1 and 2), and the
  number of missing answers that makes up the difference to N = 112;
* ages are whole numbers in the trial's eligibility range (18–60, Methods: Sick-Listed Workers)
  whose mean rounds both to the text's "45.5" and to Table 1's "45", and whose SD rounds to "9.7".

The columns are filled independently and shuffled with a fixed seed, so any association between
two columns in the result is an artefact of the shuffle, not a finding. The ages come from a
SPRITE-style search (Heathers et al. 2018): start from a seeded draw, then move pairs of values
one step apart or together until the SD rounds to the target, keeping the sum fixed. It is written
here because no maintained Python package implements SPRITE; the moves are simple and the result
is checked exactly (integers, fractions) by the tests.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from mibook import checks, published
from mibook.inputs.contracts import LIKERT_ITEMS, RESPONDENT_CODES, RESPONDENTS

SEED = 20210402  # fixed: the same bytes on every run

#: The published number that gives N, the number of questionnaire respondents.
N_RESPONDENTS_ID = "no_t1_n_total"

#: The trial's eligibility range of ages (Methods: Sick-Listed Workers), inclusive.
AGE_RANGE = (18, 60)

#: The columns of ``data/reconstructed/respondents.csv``: the respondents contract.
COLUMNS = RESPONDENTS.names


def _variance(values: np.ndarray) -> Fraction:
    n = len(values)
    s = int(values.sum())
    q = int((values.astype(np.int64) ** 2).sum())
    return Fraction(n * q - s * s, n * (n - 1))


def sd_rounds_to(variance: Fraction, reported: str) -> bool:
    """Exact: does sqrt(variance) lie within half a unit of the reported SD string?

    Parameters
    ----------
    variance : fractions.Fraction
        An exact variance.
    reported : str
        The printed SD; ties count (rounding ``"either"``).

    Returns
    -------
    bool

    Notes
    -----
    With the SD's interval ``[lo, hi]`` (``lo`` clipped at 0), the test is
    ``lo**2 <= variance <= hi**2``, so no square root is taken.

    Examples
    --------
    >>> from fractions import Fraction
    >>> sd_rounds_to(Fraction(94), "9.7"), sd_rounds_to(Fraction(93), "9.7")  # sqrt: 9.695, 9.644
    (True, False)
    """
    interval = checks.reported_interval(reported, "either")
    low = max(interval.lo, Fraction(0))
    return low * low <= variance <= interval.hi**2


def _admissible_sums(n: int, means: list[str]) -> list[int]:
    lo, hi = AGE_RANGE
    return [
        s
        for s in range(lo * n, hi * n + 1)
        if all(checks.rounds_to(Fraction(s, n), m) for m in means)
    ]


def sprite_ages(
    n: int, means: list[str], sd: str, rng: np.random.Generator, table_mean_decimals: int = 0
) -> np.ndarray:
    """Whole-number ages whose mean rounds to every string in ``means`` and whose SD to ``sd``.

    Among the admissible sums the middle one is taken, excluding a sum whose mean would print
    differently in a half-up formatted table with ``table_mean_decimals`` decimals than the
    published table value (the first string in ``means``).

    Parameters
    ----------
    n : int
        Number of ages.
    means : list of str
        Printed means the ages must all round to (ties count); the first is the table's.
    sd : str
        Printed sample SD (divisor n - 1).
    rng : numpy.random.Generator
        The source of randomness; a seeded generator gives the same ages on every run.
    table_mean_decimals : int, default 0
        Decimals of the table's printed mean.

    Returns
    -------
    numpy.ndarray
        ``n`` integer ages in :data:`AGE_RANGE`, sorted.

    Raises
    ------
    ValueError
        If no whole-number sample in :data:`AGE_RANGE` has a mean rounding to ``means``.
    RuntimeError
        If the search does not reach the SD within 200,000 steps.

    Notes
    -----
    A SPRITE-style search (Heathers et al. 2018): start from a normal draw with the target
    mean and SD, rounded and clipped to the range, move single values by one until the sum is
    the target sum, then repeatedly pick two values and move them one step apart (SD too
    small) or together (SD too large), which keeps the sum, until the exact sample SD rounds
    to ``sd`` (:func:`sd_rounds_to`).

    Examples
    --------
    >>> ages = sprite_ages(112, ["45", "45.5"], "9.7", np.random.default_rng(1))
    >>> len(ages), int(ages.min()) >= 18, int(ages.max()) <= 60
    (112, True, True)
    >>> checks.rounds_to(Fraction(int(ages.sum()), 112), "45.5")
    True
    """
    lo, hi = AGE_RANGE
    sums = _admissible_sums(n, means)
    table_mean = Fraction(means[0])
    unit = Fraction(1, 10**table_mean_decimals)
    sums = [s for s in sums if abs(Fraction(s, n) - table_mean) < unit / 2] or sums
    if not sums:
        raise ValueError(
            f"no whole-number sample of {n} ages in {lo}-{hi} has a mean rounding to {means}"
        )
    target_sum = sums[len(sums) // 2]
    target_sd = Fraction(sd)
    values = np.clip(
        np.rint(rng.normal(float(Fraction(target_sum, n)), float(target_sd), n)), lo, hi
    ).astype(np.int64)
    while values.sum() != target_sum:
        step = 1 if values.sum() < target_sum else -1
        candidates = np.flatnonzero(values < hi) if step > 0 else np.flatnonzero(values > lo)
        values[rng.choice(candidates)] += step
    for _ in range(200_000):
        current = _variance(values)
        if sd_rounds_to(current, sd):
            return np.sort(values)
        i, j = rng.choice(n, size=2, replace=False)
        a, b = sorted((i, j), key=lambda k: values[k])
        if current < target_sd**2:  # spread: lower the smaller, raise the larger
            if values[a] > lo and values[b] < hi:
                values[a] -= 1
                values[b] += 1
        elif values[b] - values[a] >= 2:  # shrink towards each other
            values[a] += 1
            values[b] -= 1
    raise RuntimeError("SPRITE search did not converge")  # pragma: no cover - seeded, tested


def _column(counts: dict[str, int], n_total: int, rng: np.random.Generator) -> list:
    cells: list = []
    for category, count in counts.items():
        cells.extend([category] * count)
    missing = n_total - len(cells)
    if missing < 0:
        raise ValueError(f"published counts sum to {len(cells)}, more than N = {n_total}")
    cells.extend([None] * missing)
    order = rng.permutation(len(cells))
    return [cells[k] for k in order]


def respondent_marginals() -> dict[str, dict[str, int]]:
    """The printed category counts each reconstructed column must meet, keyed by column.

    Only the number of women is printed; the rest of N is taken to be men (no missing gender).
    Every other column gets the counts of its printed categories, 0 for a category the table
    does not print.

    Returns
    -------
    dict of str to dict of str to int
        Column -> category code -> count; the counts of a column may add up to less than N
        (the rest are missing answers).

    Examples
    --------
    >>> marginals = respondent_marginals()
    >>> marginals["gender"], marginals["satisfaction"]
    ({'female': 70, 'male': 42}, {'1': 1, '2': 0, '3': 0, '4': 15, '5': 95})
    """
    n_total = int(published.value(N_RESPONDENTS_ID))
    marginals: dict[str, dict[str, int]] = {}
    female = published.counts("Table 1", "gender")["female"]
    # Only the number of women is printed; the rest of N is taken to be men (no missing gender).
    marginals["gender"] = {"female": female, "male": n_total - female}
    for variable in ("education", "sick_leave_length"):
        printed = published.counts("Table 1", variable)
        marginals[variable] = {code: printed.get(code, 0) for code in RESPONDENT_CODES[variable]}
    for item in LIKERT_ITEMS:
        printed = published.counts("Table 2", item)
        marginals[item] = {str(k): printed.get(str(k), 0) for k in range(1, 6)}
    for item in ("timing_appropriate", "preferred_timing"):
        printed = published.counts("Table 2", item)
        marginals[item] = {code: printed.get(code, 0) for code in RESPONDENT_CODES[item]}
    return marginals


def reconstruct_respondents(seed: int = SEED) -> list[dict]:
    """Rows of the reconstructed questionnaire data (see the module docstring).

    Parameters
    ----------
    seed : int, default SEED
        Seed of the generator that draws the ages and shuffles every column.

    Returns
    -------
    list of dict
        One row per respondent, ids ``R001``, ``R002``, ...; keys are :data:`COLUMNS`, a
        missing answer is None.

    Examples
    --------
    >>> rows = reconstruct_respondents()
    >>> len(rows), rows[0]["respondent_id"], sum(row["gender"] == "female" for row in rows)
    (112, 'R001', 70)
    """
    rng = np.random.default_rng(seed)
    n_total = int(published.value(N_RESPONDENTS_ID))
    ages = sprite_ages(
        n_total,
        [published.value("no_t1_age_mean"), published.value("no_txt_age_mean")],
        published.value("no_t1_age_sd"),
        rng,
    )
    columns = {"age": [int(a) for a in rng.permutation(ages)]}
    for column, counts in respondent_marginals().items():
        columns[column] = _column(counts, n_total, rng)
    rows = []
    for k in range(n_total):
        row = {"respondent_id": f"R{k + 1:03d}"}
        for column in COLUMNS[1:]:
            row[column] = columns[column][k]
        rows.append(row)
    return rows
