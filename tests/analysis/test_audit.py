"""The consistency audit of every printed number (``mibook.analysis.audit``)."""

from __future__ import annotations

import pandas as pd
import pytest

from mibook import published
from mibook.analysis import audit
from mibook.published import reading


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
    # 45.5 in the text, 45 in the table: two roundings of one mean in [45.45, 45.5)
    assert either["text_vs_table__no_txt_age_mean"] == "consistent"
    assert up["text_vs_table__no_txt_age_mean"] == "consistent"
    assert even["text_vs_table__no_txt_age_mean"] == "consistent"
    ceiling = audit.run_audit(rounding="ceiling").set_index("check_id")["verdict"]
    assert ceiling["text_vs_table__no_txt_age_mean"] == "inconsistent"  # (45.4, 45.5] vs (44, 45]


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


# ----------------------------------------------------------------------------- printed twice


@pytest.mark.parametrize(
    ("rounding", "interval"),
    [
        ("either", "[45.45, 45.5]"),
        ("half_up", "[45.45, 45.5)"),
        ("half_down", "(45.45, 45.5]"),
        ("half_even", "(45.45, 45.5)"),
        ("truncate", "[45.5, 45.6)"),
    ],
)
def test_text_and_table_are_two_roundings_of_one_value(default_audit, rounding, interval):
    result = audit.run_audit(rounding=rounding).set_index("check_id")
    row = result.loc["text_vs_table__no_txt_age_mean"]
    assert row["verdict"] == "consistent"
    assert interval in row["detail"]
    assert interval in audit.printed_twice("45.5", "45", rounding)


def test_printed_twice_says_what_rounding_again_would_give():
    text = audit.printed_twice("45.5", "45")
    assert text.startswith("Both can be right: every value in [45.45, 45.5]")
    assert "would give 46 under half-up and under half-even rounding" in text
    # nothing to say when rounding again gives the coarser figure
    assert "Rounded again" not in audit.printed_twice("45.4", "45")
    assert "Rounded again" not in audit.printed_twice("45.5", "45", "truncate")
    assert audit.printed_twice("45.5", "45", "ceiling").startswith("No unrounded value")
    assert audit.printed_twice("45.6", "45").endswith("one of them is wrong.")
    # same precision: equal or not
    assert audit.printed_twice("45", "45").startswith("Both can be right: they are the same")
    assert audit.printed_twice("44", "45").startswith("No unrounded value")


# ----------------------------------------------------------------------------- statements


def test_every_statement_pair_is_a_check(default_audit):
    pairs = reading.statements()
    checks = default_audit[default_audit["test"] == "statement"]
    assert list(checks.index) == [f"statement__{i}" for i in pairs["statement_id"]]
    for pair in pairs.itertuples():
        row = checks.loc[f"statement__{pair.statement_id}"]
        expected = "inconsistent" if pair.severity == "contradiction" else "consistent"
        assert row["verdict"] == expected
        assert row["statistic"] == pair.kind
        # both locations, in the source and in the detail
        assert pair.location_a in row["source"] and pair.location_b in row["source"]
        assert pair.says_a in row["detail"] and pair.says_b in row["detail"]
        assert row["number_ids"] == pair.number_ids


def test_statement_sources_name_the_article():
    frame = audit.run_audit().set_index("check_id")
    assert frame.loc["statement__no_stmt_01", "source"].startswith("Foldal et al. 2021, ")
    assert frame.loc["statement__se_stmt_01", "source"].startswith("Ståhl & Gustavsson 2018, ")
    assert frame.loc["statement__both_stmt_01", "source"].startswith("Foldal et al. 2021: ")
    # the printed values of the numbers a statement names
    assert frame.loc["statement__no_stmt_01", "reported"] == "; ".join(
        published.value(i) for i in reading.statements().iloc[0]["number_ids"].split()
    )


def test_swedish_study_is_credited_to_both_authors(default_audit):
    swedish = default_audit[default_audit["source"].str.contains("Ståhl")]
    assert len(swedish) and swedish["source"].str.contains("Ståhl & Gustavsson 2018").all()
    assert not default_audit["source"].str.contains("Ståhl et al").any()


def test_unknown_severity_is_refused():
    pairs = reading.statements().head(1).copy()
    pairs["severity"] = "maybe"
    with pytest.raises(ValueError, match="severity must be one of contradiction, tension"):
        audit.run_audit(statement_pairs=pairs)


def test_no_statement_pairs_leaves_the_test_out():
    frame = audit.run_audit(statement_pairs=reading.statements().iloc[:0])
    assert not (frame["test"] == "statement").any()
    assert audit.verdict_summary(frame).loc["statement"].sum() == 0


# ----------------------------------------------------------------------------- problems


def test_default_problems(default_audit):
    table = audit.problems(default_audit.reset_index()).set_index("problem")
    assert list(table.columns) == [c for c in audit.PROBLEM_COLUMNS if c != "problem"]
    groups = {p: set(ids.split("; ")) for p, ids in table["check_ids"].items()}
    by_check = {c: p for p, ids in groups.items() for c in ids}
    # GRIMMER failing at GRIM is the GRIM problem, not another one
    assert (
        by_check["grim__no_t3_cultivating_change_talk_mean"]
        == by_check["grimmer__no_t3_cultivating_change_talk_mean"]
    )
    # the technical composite ties its mean to the means of its parts
    assert (
        by_check["composite__technical_mean"]
        == by_check["grim__no_t3_softening_sustain_talk_mean"]
        == by_check["grim__no_t3_technical_mean"]
    )
    # the row missing from the sick-leave sum also spoils the percent of one row
    assert (
        by_check["sum__table1_sick_leave_length"]
        == by_check["percent__no_t1_sick_leave_length_lt_2m_pct"]
    )
    # an SD that GRIMMER rejects is a problem of its own
    assert groups[by_check["grimmer__no_t3_partnership_mean"]] == {
        "grimmer__no_t3_partnership_mean"
    }
    # a statement that names every number of an arithmetic problem restates it ...
    higher = by_check["text_vs_table__no_txt_higher_education_pct"]
    assert by_check["statement__no_stmt_03"] == higher
    assert table.loc[higher, "kind"] == "arithmetic and statement"
    # ... one that names only some of them is a problem of its own
    timing = by_check["statement__no_stmt_01"]
    assert timing != by_check["sum__table1_sick_leave_length"]
    assert table.loc[timing, "kind"] == "statement"
    assert len(table) == 10 and table["n_checks"].sum() == 18


def test_every_inconsistent_check_is_in_exactly_one_problem():
    for kwargs in ({}, {"rounding": "half_even"}, {"sd_divisor": "n"}, {"n_sessions": 100}):
        result = audit.run_audit(**kwargs)
        table = audit.problems(result)
        listed = [c for ids in table["check_ids"] for c in ids.split("; ")]
        bad = result.loc[result["verdict"] == "inconsistent", "check_id"]
        assert sorted(listed) == sorted(bad), kwargs
        assert table["n_checks"].sum() == len(bad)
        assert list(table["problem"]) == [f"P{k}" for k in range(1, len(table) + 1)]


def _check(check_id, test, verdict, numbers, source="Article, Table 1: row"):
    return {
        "check_id": check_id,
        "source": source,
        "statistic": "x",
        "reported": "1",
        "n": "",
        "test": test,
        "verdict": verdict,
        "detail": "d",
        "number_ids": numbers,
    }


def test_problems_join_checks_through_shared_numbers_transitively():
    frame = pd.DataFrame(
        [
            _check("a", "grim", "inconsistent", "m1", "A, Table 3: one"),
            _check("b", "composite", "inconsistent", "m1 m2", "A, Table 3: two"),
            _check("c", "grim", "inconsistent", "m2", "A, Table 3: three"),
            _check("d", "grim", "inconsistent", "m3"),
            _check("e", "grim", "consistent", "m3"),
            _check("f", "statement", "inconsistent", "m3 x y"),
            _check("g", "statement", "inconsistent", "m1"),
            _check("h", "statement", "inconsistent", ""),
        ]
    )
    table = audit.problems(frame)
    assert list(table["check_ids"]) == ["a; b; c", "d; f", "g", "h"]
    assert list(table["kind"]) == [
        "arithmetic",
        "arithmetic and statement",
        "statement",
        "statement",
    ]
    assert table.loc[0, "where"] == "A, Table 3"  # what the sources share
    assert table.loc[0, "tests"] == "grim, composite"


def test_no_inconsistency_no_problem():
    frame = pd.DataFrame([_check("a", "grim", "consistent", "m1")])
    table = audit.problems(frame)
    assert table.empty and list(table.columns) == audit.PROBLEM_COLUMNS


# ----------------------------------------------------------------------------- verdict changes


def test_verdict_changes_between_two_csv_files(tmp_path):
    before, after = audit.run_audit(), audit.run_audit(sd_divisor="n")
    before[audit.COLUMNS].to_csv(tmp_path / "a.csv", index=False)
    after[audit.COLUMNS].to_csv(tmp_path / "b.csv", index=False)
    changed = audit.verdict_changes(tmp_path / "a.csv", tmp_path / "b.csv")
    assert list(changed.columns) == ["check_id", "test", "before", "after"]
    assert set(changed["check_id"]) == {
        "grimmer__no_t3_partnership_mean",
        "grimmer__no_t3_empathy_mean",
    }
    assert (changed["after"] == "consistent").all()
    assert audit.verdict_changes(before, before).empty
    only = audit.verdict_changes(before.iloc[:1], before.iloc[:2])
    assert only.loc[0, "before"] == "absent" and only.loc[0, "after"] == "consistent"
