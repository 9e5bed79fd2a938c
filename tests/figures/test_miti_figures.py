"""The MITI chapter's figures (``mibook.figures.miti``, ``coder_agreement``,
``fidelity_trend``)."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from mibook.analysis.table3 import feasible_distribution
from mibook.figures.coder_agreement import coder_agreement
from mibook.figures.fidelity_trend import MAX_LEGEND, fidelity_over_time
from mibook.figures.miti import miti_feasible_ranges


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_feasible_ranges_label_the_sessions_per_sample():
    distribution = feasible_distribution()

    def ylabel(fig):  # the label is wrapped to fit beside a panel
        return fig.axes[0].get_ylabel().replace("\n", " ")

    assert ylabel(miti_feasible_ranges(distribution, {})) == "sessions with this rating (of 20)"
    fig = miti_feasible_ranges(distribution.assign(n=12), {})
    assert ylabel(fig) == "sessions with this rating (of 12)"
    fig = miti_feasible_ranges(distribution.drop(columns="n"), {})
    assert ylabel(fig) == "sessions with this rating"


def test_coder_agreement_one_panel_per_rating_with_counts():
    pairs = pd.DataFrame(
        {
            "measure": ["partnership"] * 3 + ["empathy"] * 2,
            "a": [4, 4, 2, 5, 3],
            "b": [4, 4, 3, 5, 1],
        }
    )
    fig = coder_agreement(pairs, {"partnership": "Partnership"}, "Coder A", "Coder B")
    assert [ax.get_title() for ax in fig.axes] == ["Partnership", "empathy"]
    assert fig.axes[0].get_ylabel() == "Coder B"
    labels = sorted(t.get_text() for t in fig.axes[0].texts)
    assert labels == ["1", "2"]  # (4, 4) twice, (2, 3) once


def _long(caseworkers: int) -> pd.DataFrame:
    rows = []
    for k in range(caseworkers):
        for month in (1, 3):
            rows.append(
                {
                    "caseworker_id": f"Caseworker {k}",
                    "measure": "technical",
                    "date": pd.Timestamp(2025, month, 1),
                    "value": 3.0 + k % 2,
                }
            )
    return pd.DataFrame(rows)


def test_over_time_draws_thresholds_and_names_few_caseworkers():
    thresholds = {"technical": {"fair": 3.0, "good": 4.0}}
    fig = fidelity_over_time(_long(3), thresholds, {"technical": "Technical global"})
    ax = fig.axes[0]
    assert ax.get_title() == "Technical global"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "Caseworker 0",
        "Caseworker 1",
        "Caseworker 2",
    ]
    assert {line.get_ydata()[0] for line in ax.lines if line.get_linestyle() in ("--", ":")} == {
        3.0,
        4.0,
    }
    many = fidelity_over_time(_long(MAX_LEGEND + 1), thresholds, {})
    assert not many.legends and many.axes[0].get_legend() is None
    assert many.axes[0].get_title() == f"technical ({MAX_LEGEND + 1} caseworkers)"


def test_over_time_one_panel_per_score_in_a_grid():
    long = pd.concat(
        [_long(2), _long(2).assign(measure="relational"), _long(2).assign(measure="x")]
    )
    fig = fidelity_over_time(long, {}, {})
    visible = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert visible == ["technical", "relational", "x"]
