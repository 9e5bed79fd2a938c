"""``miti_sessions.csv`` and per-caseworker means (``mibook.analysis.miti``); the feasible
distribution carries the sessions per sample (``mibook.analysis.table3``)."""

import math

import pandas as pd

from mibook.analysis.miti import SESSION_COLUMNS, caseworker_means, per_session
from mibook.analysis.table3 import feasible_distribution
from mibook.inputs.validate import load
from tests.inputs.helpers import write


def test_sessions_table_has_the_contract_columns_empty_where_not_computable(tmp_path):
    path = write(
        tmp_path,
        "m.csv",
        "session_id,caseworker_id,date,partnership,empathy,question,simple_reflection,"
        "complex_reflection\nS1,K,31.01.2025,4,3,0,2,2\nS2,,,5,,4,1,3\n",
    )
    loaded = load("miti", path)
    table = per_session(loaded.frame, loaded.present)
    assert list(table.columns) == SESSION_COLUMNS
    first, second = table.iloc[0], table.iloc[1]
    assert (first.session_id, first.caseworker_id, first.date) == ("S1", "K", "2025-01-31")
    assert first.relational == 3.5 and first.percent_complex_reflections == 50.0
    assert math.isnan(first.reflection_to_question)  # no questions
    assert second.reflection_to_question == 1.0 and math.isnan(second.relational)
    assert table["coder_id"].isna().all() and table["technical"].isna().all()
    assert table["total_mi_adherent"].isna().all()  # its counts are not in the file


def test_caseworker_means_leave_out_sessions_without_id_or_value():
    scores = pd.DataFrame(
        {"caseworker_id": ["A", None, "A", "B"], "technical": [3.0, 5.0, None, 4.0]}
    )
    assert caseworker_means(scores, "technical").to_dict() == {"A": 3.0, "B": 4.0}
    assert caseworker_means(scores.drop(columns="caseworker_id"), "technical").empty


def test_feasible_distribution_says_how_many_sessions_each_sample_has():
    assert set(feasible_distribution()["n"]) == {20}
