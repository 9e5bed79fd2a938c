"""MITI scores over time per caseworker (``mibook.analysis.fidelity_trend``)."""

import math

import pandas as pd
import pytest
from scipy import stats

from mibook.analysis.fidelity_trend import (
    ALL_SESSIONS,
    DAYS_PER_MONTH,
    TREND_COLUMNS,
    over_time,
    slope_per_month,
    trend_table,
)

SCORES = pd.DataFrame(
    {
        "session_id": [f"S{k}" for k in range(8)],
        "caseworker_id": ["Kari", "Ola", "Kari", "Kari", "Ola", "Kari", "Ola", None],
        "date": [
            "2025-01-06",
            "2025-01-10",
            "2025-02-03",
            "2025-03-17",
            None,
            "2025-05-05",
            "2025-03-01",
            "2025-03-02",
        ],
        "technical": [2.5, 3.0, 3.0, 3.5, 4.0, 4.5, 3.5, 3.0],
        "relational": [3.0, 3.5, None, 3.5, 4.0, 4.0, 4.5, 3.0],
    }
)


def test_long_form_keeps_dated_scored_sessions_of_known_caseworkers():
    long = over_time(SCORES)
    assert list(long.columns) == ["session_id", "caseworker_id", "date", "measure", "value"]
    assert long["caseworker_id"].unique().tolist() == ["Kari", "Ola"]
    kari = long[(long.caseworker_id == "Kari") & (long.measure == "technical")]
    assert (
        kari["session_id"].tolist() == ["S0", "S2", "S3", "S5"]
        and kari["date"].is_monotonic_increasing
    )
    assert "S4" not in set(long["session_id"]) and "S7" not in set(long["session_id"])


def test_without_caseworker_ids_all_sessions_are_one_group():
    long = over_time(SCORES.drop(columns="caseworker_id"))
    assert set(long["caseworker_id"]) == {ALL_SESSIONS}


def test_without_dates_there_is_nothing():
    assert over_time(SCORES.drop(columns="date")).empty
    assert over_time(SCORES.assign(date=None)).empty


def test_slope_and_interval_are_ordinary_least_squares_per_month():
    long = over_time(SCORES)
    part = long[(long.caseworker_id == "Kari") & (long.measure == "technical")]
    slope, low, high = slope_per_month(part["date"], part["value"])
    months = (part["date"] - part["date"].min()).dt.days / DAYS_PER_MONTH
    fit = stats.linregress(months, part["value"])
    q = stats.t.ppf(0.975, len(part) - 2)
    assert slope == pytest.approx(fit.slope)
    assert (low, high) == pytest.approx((fit.slope - q * fit.stderr, fit.slope + q * fit.stderr))


def test_too_few_sessions_or_one_date_give_no_slope():
    dates = pd.to_datetime(pd.Series(["2025-01-01", "2025-02-01"]))
    assert all(math.isnan(v) for v in slope_per_month(dates, pd.Series([3.0, 4.0])))
    same = pd.to_datetime(pd.Series(["2025-01-01"] * 3))
    assert all(math.isnan(v) for v in slope_per_month(same, pd.Series([3.0, 4.0, 5.0])))


def test_table_per_caseworker_and_score():
    table = trend_table(over_time(SCORES), {"technical": 3.0, "relational": 3.5})
    assert list(table.columns) == TREND_COLUMNS
    kari = table[(table.caseworker_id == "Kari") & (table.measure == "technical")].iloc[0]
    assert kari.sessions == 4 and (kari.first_date, kari.last_date) == ("2025-01-06", "2025-05-05")
    assert kari["mean"] == pytest.approx(3.375)
    assert (kari.n_at_or_above_fair, kari.percent_at_or_above_fair) == (3, 75.0)
    assert kari.slope_per_month > 0
    ola = table[(table.caseworker_id == "Ola") & (table.measure == "relational")].iloc[0]
    assert ola.sessions == 2 and math.isnan(ola.slope_per_month)
    assert table["measure"].tolist()[:2] == ["technical", "relational"]
