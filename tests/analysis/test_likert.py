"""Likert and timing answers (``mibook.analysis.likert``): the usefulness items, Wilson intervals,
the paired Wilcoxon test. The chapter that uses them is tested in
tests/chapters/test_satisfaction_timing.py."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mibook.analysis import likert


def test_only_the_overall_usefulness_question_gives_the_texts_figure():
    table = likert.published_useful_items().set_index("item")
    assert table["rounds_to_text"].to_dict() == {
        "useful_first": False,
        "useful_second": False,
        "useful_overall": True,
    }
    assert (
        table.loc["useful_overall", "n"] == 96 and table.loc["useful_overall", "denominator"] == 108
    )


def test_wilson_interval_without_answers_is_nan():
    low, high = likert.wilson_interval(0, 0)
    assert math.isnan(low) and math.isnan(high)


def test_large_wilcoxon_path_agrees_with_pingouin(monkeypatch):
    """Above the pingouin size limit the test comes from scipy with a linear-memory effect size."""
    rng = np.random.default_rng(11)
    frame = pd.DataFrame(
        {
            k: pd.array(rng.integers(1, 6, 400), dtype="Int64")
            for k in ("useful_first", "useful_second")
        }
    )
    small = likert.paired_wilcoxon(frame)
    monkeypatch.setattr(likert, "PINGOUIN_WILCOXON_MAX_PAIRS", 10)
    large = likert.paired_wilcoxon(frame)
    assert large["W"] == small["W"]
    assert large["rbc"] == pytest.approx(small["rbc"], abs=1e-12)
    assert large["p"] == pytest.approx(small["p"], rel=1e-3)
