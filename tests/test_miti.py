"""MITI scoring, tables, reconstruction and input validation."""

from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

from mibook import paths
from mibook.analysis import miti, table3
from mibook.checks.feasible import nearest_feasible
from mibook.inputs import miti_scores
from mibook.inputs.problems import InvalidInput
from mibook.inputs.validate import load
from mibook.reconstruct import miti as mr


def _write(tmp_path, text, name="m.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_scoring_formulas_zero_denominators(tmp_path):
    p = _write(
        tmp_path,
        "session_id,cultivating_change_talk,softening_sustain_talk,partnership,question,simple_reflection,complex_reflection,affirm,seeking_collaboration,emphasizing_autonomy,confront,persuade\n"
        "A,3,4,2,4,2,6,1,2,3,1,2\nB,5,2,3,0,0,0,0,0,0,0,0\n",
    )
    loaded = load("miti", p)
    s = miti_scores.session_scores(loaded.frame, loaded.present).set_index("session_id")
    assert s.loc["A", "technical"] == 3.5 and s.loc["B", "technical"] == 3.5
    assert "relational" not in s  # empathy column missing
    assert s.loc["A", "percent_complex_reflections"] == 75.0 and math.isnan(
        s.loc["B", "percent_complex_reflections"]
    )
    assert s.loc["A", "reflection_to_question"] == 2.0 and math.isnan(
        s.loc["B", "reflection_to_question"]
    )
    assert s.loc["A", "total_mi_adherent"] == 6 and s.loc["A", "total_mi_non_adherent"] == 3
    summ = miti.summary(loaded.frame, loaded.present).set_index("measure")
    assert summ.loc["percent_complex_reflections", "n"] == 1 and summ.loc["technical", "n"] == 2
    assert "relational" not in summ.index and "empathy" not in summ.index
    reasons = " ".join(miti_scores.not_computable(loaded.frame, loaded.present))
    assert "empathy" in reasons and "Relational" in reasons


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


def test_no_computable_score_is_refused(tmp_path):
    with pytest.raises(InvalidInput):
        load("miti", _write(tmp_path, "session_id,giving_information,question\nA,3,2\n"))


def test_reconstruction_is_deterministic(tmp_path):
    target = mr.write(tmp_path / "miti.csv")
    assert target.read_bytes() == paths.RECONSTRUCTED_MITI.read_bytes()


def test_reconstruction_matches_or_is_nearest():
    frame = pd.read_csv(paths.RECONSTRUCTED_MITI)
    assert list(frame.columns) == mr.COLUMNS and len(frame) == 20
    for r in table3.RATINGS:
        m, s = table3.printed(r)
        mean, sd = frame[r].mean(), frame[r].std(ddof=1)
        if table3.distance(mean, sd, m, s) <= 0.5:
            continue
        _, nm, ns = nearest_feasible(m, s, 20)
        assert table3.distance(mean, sd, m, s) == pytest.approx(table3.distance(nm, ns, m, s))
    dev = table3.deviations(frame)
    assert set(dev.loc[dev.rounds_to_printed == "no", "measure"]) >= {"cultivating_change_talk"}


def test_ttest_from_summaries():
    r = miti.one_sample_t(3.45, 0.63, 20, 4.0)
    assert r["t"] == pytest.approx((3.45 - 4) / (0.63 / math.sqrt(20)))
    assert r["ci_high"] < 4.0 and r["d_ci_low"] < r["d"] < r["d_ci_high"]


@pytest.mark.parametrize("row,column", [("A,6,3", "partnership"), ("A,3,-1", "question")])
def test_validate_refuses_bad_values(tmp_path, row, column):
    header = (
        "session_id,partnership,question"
        if column == "question"
        else "session_id,partnership,empathy"
    )
    p = _write(tmp_path, f"{header}\nB,3,3\n{row}\n")
    out = subprocess.run(
        [sys.executable, "-m", "mibook", "validate", "--miti", str(p)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert column in out.stderr and "row 2" in out.stderr and "Traceback" not in out.stderr
