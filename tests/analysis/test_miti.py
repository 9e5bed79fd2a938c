"""MITI summaries, proficiency against thresholds, per-caseworker means and the one-sample t test
from summaries (``mibook.analysis.miti``)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mibook.analysis import miti
from mibook.inputs.validate import load
from tests.helpers import write_file as _write


def test_counts_only_and_globals_only(tmp_path):
    counts = load(
        "miti",
        _write(
            tmp_path,
            "session_id,simple_reflection,complex_reflection,question\nA,1,1,1\nB,3,1,2\n",
            "c.csv",
        ),
    )
    summ = miti.summary(counts.frame, counts.present)
    assert set(summ["measure"]) == {"percent_complex_reflections", "reflection_to_question"}
    prof = miti.proficiency(counts.frame, None, counts.present)
    assert list(prof.columns) == miti.PROFICIENCY_COLUMNS
    pcr = prof[(prof.measure == "percent_complex_reflections") & (prof.level == "fair")].iloc[0]
    assert pcr["n_at_or_above"] == 1 and pcr["percent_at_or_above"] == 50.0
    globs = load(
        "miti",
        _write(
            tmp_path,
            "session_id,caseworker_id,partnership,empathy\nA,X,4,4\nB,Y,3,4\nC,X,3,3\n",
            "g.csv",
        ),
    )
    summ = miti.summary(globs.frame, globs.present)
    assert list(summ.columns) == miti.SUMMARY_COLUMNS
    rel = summ.set_index("measure").loc["relational"]
    assert (
        rel["n"] == 3
        and rel["mean"] == pytest.approx(3.5)
        and rel["sd"] == pytest.approx(pd.Series([4, 3.5, 3]).std())
    )
    prof = miti.proficiency(globs.frame, {"relational": {"fair": 3.5, "good": 4.0}}, globs.present)
    assert prof.set_index(["measure", "level"]).loc[("relational", "good"), "n_at_or_above"] == 1
    cw = miti.by_caseworker(globs.frame, globs.present)
    assert cw.loc["X", "sessions"] == 2 and cw.loc["X", "relational"] == pytest.approx(3.5)


def test_ttest_from_summaries():
    r = miti.one_sample_t(3.45, 0.63, 20, 4.0)
    assert r["t"] == pytest.approx((3.45 - 4) / (0.63 / math.sqrt(20)))
    assert r["ci_high"] < 4.0 and r["d_ci_low"] < r["d"] < r["d_ci_high"]
