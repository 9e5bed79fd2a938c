"""The Sweden–Norway comparison: coded rows, derived numbers, user files and refusals."""

import subprocess
import sys

import pandas as pd
import pytest

from mibook import published
from mibook.chapters import comparison
from mibook.inputs.contracts import RE_AIM_DIMENSIONS
from mibook.inputs.validate import load
from mibook.paths import ROOT

ROWS = ROOT / "data" / "comparison" / "studies.csv"
HEADER = "study,country,re_aim_dimension,theme,kind,finding,source\n"


def test_book_rows_validate_against_the_contract():
    loaded = load("comparison", ROWS)
    assert len(loaded.frame) >= 50
    counts = loaded.frame["study"].value_counts()
    assert counts[comparison.SWEDEN] >= 25 and counts[comparison.NORWAY] >= 25


def test_every_number_id_exists_in_published_numbers():
    rows = pd.read_csv(ROWS, dtype=str, keep_default_na=False)
    known = set(published.numbers()["id"])
    unknown = {i for cell in rows["number_ids"] for i in cell.split() if i not in known}
    assert not unknown
    assert (rows["number_ids"] != "").sum() >= 20


def test_shared_themes_use_the_same_label():
    matrix = comparison.barrier_facilitator_matrix(comparison.load_rows()[0])
    shared = set(matrix.loc[matrix["n_studies"] >= 2, "theme"])
    assert {
        "workload",
        "managerial_support",
        "time_to_practise",
        "peer_support",
        "role_conflict",
    } <= shared


def test_every_study_covers_every_dimension_or_the_chapter_says_so():
    rows = comparison.load_rows()[0]
    table, missing = comparison.measurement_table(rows)
    assert missing == []
    for study in (comparison.SWEDEN, comparison.NORWAY):
        assert set(rows.loc[rows["study"] == study, "re_aim_dimension"]) == set(RE_AIM_DIMENSIONS)
        assert "not coded" not in set(table[study])
    # a study lacking dimensions is named in the chapter's note
    extra = pd.DataFrame(
        [
            {
                "study": "X",
                "country": "Y",
                "re_aim_dimension": "reach",
                "theme": "t",
                "kind": "fact",
                "finding": "f",
                "source": "s",
                "number_ids": "",
                "origin": "x",
            }
        ]
    )
    _, missing = comparison.measurement_table(pd.concat([rows, extra], ignore_index=True))
    assert ("X", "adoption") in missing and ("X", "reach") not in missing


def _hours(dose, study, group, phases=None):
    part = dose[(dose["study"] == study) & (dose["group"] == group)]
    if phases:
        part = part[part["phase"].isin(phases)]
    return part["hours"].sum()


def test_training_dose_default_assumptions():
    dose = comparison.training_dose()
    course_days = float(published.value("se_txt_course_first_block_days")) + float(
        published.value("se_txt_course_second_block_days")
    )
    assert (
        _hours(dose, comparison.SWEDEN, "officials")
        == pytest.approx(course_days * 6.0)
        == pytest.approx(24.0)
    )
    assert _hours(dose, comparison.SWEDEN, "coaches") == pytest.approx(24.0 + 3 * 6.0)
    # Norway: 2 workshops × 3 h + 6 months × 52/12 weeks × (0.5/2 + 0.5/3) sessions × 3 h
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["before delivery"]) == pytest.approx(
        6 + 26 * (0.25 + 1 / 6) * 3
    )
    # supervision 2017-09 → 2018-08 every third week, then monthly to 2019-11
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["during delivery"]) == pytest.approx(
        11 * 52 / 12 / 3 * 3 + 15 * 3
    )


def test_training_dose_follows_changed_assumptions():
    dose = comparison.training_dose(
        hours_per_course_day=7.5,
        hours_per_workshop=2.0,
        prestart_share_fortnightly=1.0,
        norway_intervention_start="2018-02",
        norway_supervision_end="2018-12",
    )
    assert _hours(dose, comparison.SWEDEN, "officials") == pytest.approx(30.0)
    assert _hours(dose, comparison.SWEDEN, "unit managers") == pytest.approx(7.5)
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["before delivery"]) == pytest.approx(
        4 + 13 * 3
    )
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["during delivery"]) == pytest.approx(
        6 * 52 / 12 + 4 * 3
    )
    with pytest.raises(ValueError):
        comparison.training_dose(norway_intervention_start="2019-01")
    with pytest.raises(ValueError):
        comparison.training_dose(prestart_share_fortnightly=1.5)


def test_swedish_table1_reproduction_and_total_69():
    table = comparison.swedish_table1()
    cells = {(r.year, r.role): r.n for r in table.itertuples()}
    assert cells[("2013", "Unit managers")] == 20
    assert cells[("2013", "Regional coordinators")] == 4
    assert cells[("2013", "Officials")] == 24
    assert cells[("2014", "Unit managers")] == 5
    assert cells[("2014", "Officials")] == 16
    assert cells[("2014", "Regional coordinators")] == 0
    assert table.loc[table["printed"] == "no", "role"].tolist() == ["Regional coordinators"]
    assert table["n"].sum() == 69
    display = comparison.swedish_table1_display(table)
    assert display.loc["All roles (computed)", "Interviews (computed)"] == "69"


def test_run_writes_tables_and_adds_a_users_study(tmp_path):
    user = tmp_path / "extra.csv"
    user.write_text(
        HEADER
        + "Denmark pilot,Denmark,implementation,workload,barrier,Caseloads left no room.,Results\n"
        "Denmark pilot,Denmark,adoption,new_theme_x,facilitator,Staff liked it.,Results\n"
    )
    chapter = comparison.run(str(user), str(tmp_path / "out"))
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"comparison_rows.csv", "training_dose.csv", "swedish_table1.csv"} <= names
    written = pd.read_csv(tmp_path / "out" / "comparison_rows.csv")
    assert (written["study"] == "Denmark pilot").sum() == 2
    assert chapter.numbers["n_user_rows"] == 2
    assert "Denmark pilot" in chapter.matrix.columns
    workload = chapter.matrix.set_index("theme").loc["workload"]
    assert workload["Denmark pilot"] == "barrier" and workload["n_studies"] == 3
    assert "Denmark pilot" in chapter.side_by_side.columns
    assert ("Denmark pilot", "reach") in chapter.missing_dimensions
    assert "Denmark pilot" in comparison.coverage_note(chapter)


def _validate(path):
    return subprocess.run(
        [sys.executable, "-m", "mibook", "validate", "--comparison", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_book_rows_pass_the_cli_validation():
    result = _validate(ROWS)
    assert result.returncode == 0, result.stderr
    assert "ok:" in result.stdout


def test_bad_dimension_is_refused_naming_column_and_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "A,B,reach,t,fact,f,s\nA,B,outcomes,t,fact,f,s\n")
    result = _validate(path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        "re_aim_dimension" in result.stderr
        and "row 2" in result.stderr
        and "outcomes" in result.stderr
    )


def test_missing_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("study,country,re_aim_dimension,theme,kind,finding\nA,B,reach,t,fact,f\n")
    result = _validate(path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "source" in result.stderr
