"""Session scores from MITI codes (``mibook.inputs.miti_scores``): the formulas, denominators of
zero, and a file from which no score can be computed."""

from __future__ import annotations

import math

import pytest

from mibook.analysis import miti
from mibook.inputs import miti_scores
from mibook.inputs.problems import InvalidInput
from mibook.inputs.validate import load
from tests.helpers import write_file as _write


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


def test_no_computable_score_is_refused(tmp_path):
    with pytest.raises(InvalidInput):
        load("miti", _write(tmp_path, "session_id,giving_information,question\nA,3,2\n"))
