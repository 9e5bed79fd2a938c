"""The consistency audit of every printed number (``mibook.analysis.audit``)."""

from __future__ import annotations

import pandas as pd
import pytest

from mibook.analysis import audit


@pytest.fixture(scope="module")
def default_audit() -> pd.DataFrame:
    return audit.run_audit().set_index("check_id")


@pytest.mark.parametrize(
    "check_id",
    [
        "sum__table1_sick_leave_length",
        "percent__no_t2_satisfaction_4_pct",
        "text_vs_table__no_txt_higher_education_pct",
        "composite__technical_mean",
        "grim__no_t3_cultivating_change_talk_mean",
        "grim__no_t3_softening_sustain_talk_mean",
        "grim__no_t3_technical_mean",
    ],
)
def test_known_inconsistencies_found(default_audit, check_id):
    assert default_audit.loc[check_id, "verdict"] == "inconsistent"


@pytest.mark.parametrize(
    "check_id",
    [
        "sum__table1_education",
        "sum__table2_satisfaction",
        "percent__no_t2_satisfaction_5_pct",
        "percent__no_t1_gender_female_pct",
        "grim__no_t3_partnership_mean",
        "grim__no_t3_relational_mean",
        "composite__relational_mean",
        "sum__se_t1_2013_unit_managers_n",
        "text_vs_table__se_t1_2013_officials_n",
        "text_vs_table__no_txt_satisfied_pct",
        "grim__no_txt_response_rate",
    ],
)
def test_consistent_cells_are_consistent(default_audit, check_id):
    assert default_audit.loc[check_id, "verdict"] == "consistent"


def test_details_show_the_arithmetic(default_audit):
    assert "111" in default_audit.loc["sum__table1_sick_leave_length", "detail"]
    assert "3.225" in default_audit.loc["composite__technical_mean", "detail"]
    assert "15/111" in default_audit.loc["percent__no_t2_satisfaction_4_pct", "detail"]
    assert "truncate" in default_audit.loc["percent__no_t2_satisfaction_4_pct", "detail"]


def test_composites_use_two_items(default_audit):
    assert "k/40" in default_audit.loc["grim__no_t3_technical_mean", "detail"]
    assert "k/20" in default_audit.loc["grim__no_t3_cultivating_change_talk_mean", "detail"]


def test_no_debit_rows_without_binary_mean_and_sd(default_audit):
    assert not (default_audit["test"] == "debit").any()


def test_rounding_rule_changes_verdicts():
    either = audit.run_audit(rounding="either").set_index("check_id")["verdict"]
    even = audit.run_audit(rounding="half_even").set_index("check_id")["verdict"]
    up = audit.run_audit(rounding="half_up").set_index("check_id")["verdict"]
    # 70/112 = 62.5 % printed as 63 %
    assert either["percent__no_t1_gender_female_pct"] == "consistent"
    assert up["percent__no_t1_gender_female_pct"] == "consistent"
    assert even["percent__no_t1_gender_female_pct"] == "inconsistent"
    # 45.5 in the text, 45 in the table
    assert either["text_vs_table__no_txt_age_mean"] == "consistent"
    assert up["text_vs_table__no_txt_age_mean"] == "inconsistent"


def test_sd_divisor_and_n_change_verdicts():
    sample = audit.run_audit(sd_divisor="n-1").set_index("check_id")["verdict"]
    population = audit.run_audit(sd_divisor="n").set_index("check_id")["verdict"]
    assert sample["grimmer__no_t3_partnership_mean"] == "inconsistent"
    assert population["grimmer__no_t3_partnership_mean"] == "consistent"
    hundred = audit.run_audit(n_sessions=100).set_index("check_id")["verdict"]
    assert hundred["grim__no_t3_cultivating_change_talk_mean"] == "consistent"


def test_invalid_parameters_rejected():
    with pytest.raises(ValueError):
        audit.run_audit(rounding="sideways")
    with pytest.raises(ValueError):
        audit.run_audit(sd_divisor="n+1")
