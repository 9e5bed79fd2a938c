"""The comparison chapter (``mibook.chapters.comparison``): the Swedish Table 1 as displayed, and a
user's own study added beside the two articles."""

import pandas as pd

from mibook.chapters import comparison

HEADER = "study,country,re_aim_dimension,theme,kind,finding,source\n"


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
