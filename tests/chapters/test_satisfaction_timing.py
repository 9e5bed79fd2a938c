"""The satisfaction-and-timing chapter (Foldal et al. 2021, Table 2 and its Results text).

Expected values come straight from ``data/published/numbers.csv`` (read here with the csv
module, not through the code under test) or from hand computation.
"""

from __future__ import annotations

import csv
import math
from statistics import NormalDist

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from mibook.chapters import satisfaction_timing as satisfaction  # noqa: E402
from mibook.paths import PUBLISHED_NUMBERS  # noqa: E402

LIKERT = ["satisfaction", "useful_first", "useful_second", "useful_overall"]
TIMING = {
    "timing_appropriate": ["yes", "no"],
    "preferred_timing": [
        "2_months_earlier",
        "1_month_earlier",
        "good",
        "1_month_later",
        "2_months_later",
        "3_4_months_later",
    ],
}
# The one printed cell that does not follow from its count: 15/111 = 13.5 % is printed as 13 %.
SLIP = ("satisfaction", "4")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def chapter(tmp_path_factory):
    return satisfaction.run(output_dir=str(tmp_path_factory.mktemp("tables")))


def _published_rows():
    with open(PUBLISHED_NUMBERS, encoding="utf-8", newline="") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if r["article"] == "foldal2021" and r["location"] == "Table 2"
        ]


def _printed_table2():
    """(row_label, column_label) -> the cell as printed, e.g. '15 (13%)', '0', 'n = 111'."""
    rows = _published_rows()
    counts = {
        (r["variable"], r["category"]): r
        for r in rows
        if r["statistic"] == "count" and r["category"]
    }
    pcts = {(r["variable"], r["category"]): r["value"] for r in rows if r["statistic"] == "percent"}
    cells = {}
    for r in rows:
        if r["id"].endswith("_denominator"):
            cells[(r["row_label"], "n")] = f"n = {r['value']}"
    for key, r in counts.items():
        cells[(r["row_label"], r["column_label"])] = (
            f"{r['value']} ({pcts[key]}%)" if key in pcts else r["value"]
        )
    return cells, counts


# --------------------------------------------------------------------------- Table 2


def test_table2_reproduced_cell_for_cell_except_the_printed_slip(chapter):
    printed, counts = _printed_table2()
    recomputed = satisfaction.table2_cells(chapter.satisfaction, chapter.timing).to_dict()
    assert set(recomputed) == set(printed)
    assert len(printed) == 4 * 6 + 3 + 7  # four Likert rows of n + 5 cells, then 1 + 2 and 1 + 6
    slip = (counts[SLIP]["row_label"], counts[SLIP]["column_label"])
    for key, cell in printed.items():
        if key == slip:
            continue
        assert recomputed[key] == cell, key
    # The slip, exactly: same count, 13.5 % rounds to 14 but 13 is printed.
    assert printed[slip] == "15 (13%)"
    assert recomputed[slip] == "15 (14%)"
    assert 100 * 15 / 111 == pytest.approx(13.5135, abs=1e-4)


def test_comparison_table_flags_exactly_the_slip(chapter):
    table = satisfaction.comparison_with_published(chapter)
    assert list(table.columns) == ["Recomputed", "Published (Table 2)", "Same?"]
    differing = table[table["Same?"] == "no"]
    assert len(differing) == 1
    assert differing.index[0] == ("How satisfied were you with the conversations?", "4 Agree")
    assert (table["Same?"] == "yes").sum() == len(table) - 1
    note = satisfaction.comparison_note(chapter)
    assert "15 of 111" in note and "13.51" in note and "rounds to 14" in note and "15 (13%)" in note
    assert "add up to 101" in note and "add up to 100" in note


def test_display_blocks_hold_the_same_cells_in_the_article_layout(chapter):
    cells = satisfaction.table2_cells(chapter.satisfaction, chapter.timing)
    likert = chapter.table2["likert"]
    assert list(likert.columns) == [
        "1 Strongly disagree",
        "2 Disagree",
        "3 Neutral",
        "4 Agree",
        "5 Strongly agree",
    ]
    assert list(likert.index) == [
        "How satisfied were you with the conversations? (n = 111)",
        "How useful was the first conversation for you? (n = 112)",
        "How useful was the second conversation for you? (n = 111)",
        "How useful were the conversations for you? (n = 108)",
    ]
    for block in chapter.table2.values():
        for label, row in block.iterrows():
            question = label.rsplit(" (n = ", 1)[0]
            for column, value in row.items():
                assert cells[(question, column)] == value
    assert (
        chapter.table2["likert"].loc[
            "How satisfied were you with the conversations? (n = 111)", "2 Disagree"
        ]
        == "0"
    )
    assert list(chapter.table2["preferred_timing"].columns)[-1] == "3 or 4 months later"


# --------------------------------------------------------------------------- tidy tables


def test_tidy_tables_follow_the_contract(chapter, tmp_path):
    sat, tim = chapter.satisfaction, chapter.timing
    assert list(sat.columns) == ["item", "response", "n", "denominator", "percent"]
    assert list(tim.columns) == ["item", "response", "n", "denominator", "percent"]
    assert [(i, r) for i, r in zip(sat["item"], sat["response"])] == [
        (i, str(r)) for i in LIKERT for r in range(1, 6)
    ]
    assert [(i, r) for i, r in zip(tim["item"], tim["response"])] == [
        (i, r) for i, codes in TIMING.items() for r in codes
    ]
    for table in (sat, tim):
        for _item, part in table.groupby("item", sort=False):
            assert part["n"].sum() == part["denominator"].iloc[0]
            assert part["denominator"].nunique() == 1
    denominators = dict(zip(pd.concat([sat, tim])["item"], pd.concat([sat, tim])["denominator"]))
    assert denominators == {
        "satisfaction": 111,
        "useful_first": 112,
        "useful_second": 111,
        "useful_overall": 108,
        "timing_appropriate": 112,
        "preferred_timing": 99,
    }
    # Unrounded percents.
    agree = sat[(sat["item"] == "satisfaction") & (sat["response"] == "4")]["percent"].iloc[0]
    assert agree == 100 * 15 / 111
    # The files written are the same tables.
    written = {p.name: p for p in chapter.written}
    assert set(written) == {"satisfaction.csv", "timing.csv", "items.csv", "item_missing.csv"}
    back = pd.read_csv(written["satisfaction.csv"], dtype={"response": str})
    assert back["n"].tolist() == sat["n"].tolist()
    assert back["percent"].tolist() == pytest.approx(sat["percent"].tolist(), rel=1e-15)
    assert (
        written["timing.csv"].read_text(encoding="utf-8").splitlines()[0]
        == "item,response,n,denominator,percent"
    )


# --------------------------------------------------------------------------- the four claims


def test_the_four_claims_numerators_denominators_and_published_values(chapter):
    claims = chapter.claims.set_index("claim")
    expected = {
        "satisfied": (110, 111, "99"),
        "useful": (96, 108, "89"),
        "appropriate": (96, 112, "86"),
        "earlier": (36, 99, "36"),
    }
    for key, (n, d, printed) in expected.items():
        assert (claims.loc[key, "n"], claims.loc[key, "denominator"]) == (n, d), key
        assert claims.loc[key, "published"] == printed
        assert claims.loc[key, "percent"] == pytest.approx(100 * n / d)
        assert bool(claims.loc[key, "rounds_to_published"])
    assert claims.loc["useful", "item"] == "useful_overall"


def _wilson_by_hand(n, d, level):
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = n / d
    centre = (p + z * z / (2 * d)) / (1 + z * z / d)
    half = z / (1 + z * z / d) * math.sqrt(p * (1 - p) / d + z * z / (4 * d * d))
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize("level", [0.95, 0.9])
def test_wilson_intervals_match_a_hand_computation(level, tmp_path):
    chapter = satisfaction.run(output_dir=str(tmp_path), ci_level=level)
    for row in chapter.claims.itertuples():
        low, high = _wilson_by_hand(row.n, row.denominator, level)
        assert row.ci_low == pytest.approx(low, abs=1e-9)
        assert row.ci_high == pytest.approx(high, abs=1e-9)
        assert row.ci_low < row.percent < row.ci_high
    # 110/111 at 95 %: 95.07 % to 99.84 %.
    if level == 0.95:
        first = chapter.claims.iloc[0]
        assert (round(first.ci_low, 2), round(first.ci_high, 2)) == (95.07, 99.84)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, 95, True, "0.95"])
def test_ci_level_outside_0_1_is_refused(bad, tmp_path):
    with pytest.raises(ValueError, match="ci_level must be a number strictly between 0 and 1"):
        satisfaction.run(output_dir=str(tmp_path), ci_level=bad)
    assert not any(tmp_path.iterdir())


# --------------------------------------------------------------------------- a user's file


HEADER = (
    "respondent_id;satisfaction;useful_first;useful_second;useful_overall;"
    "timing_appropriate;preferred_timing\n"
)


def _write(tmp_path, rows, name="mine.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_user_file_with_missing_answers_one_category_and_an_empty_item(tmp_path):
    # 7 respondents; everyone who answered satisfaction chose 5; nobody answered useful_second;
    # blanks scattered; timing codes in mixed case and with spaces.
    rows = [
        ("u1", "5", "4", "", "4", "yes", "good"),
        ("u2", "5", "2", "", "", " Yes ", "1_MONTH_EARLIER"),
        ("u3", "", "3", "", "5", "no", ""),
        ("u4", "5", "", "", "3", "", "2_months_later"),
        ("u5", "5", "5", "", "5", "yes", "good"),
        ("u6", "5", "1", "", "2", "no", "2_months_earlier"),
        ("u7", "5", "4", "", "4", "yes", ""),
    ]
    out = tmp_path / "out"
    chapter = satisfaction.run(str(_write(tmp_path, rows)), str(out))
    assert sorted(p.name for p in out.iterdir()) == [
        "item_missing.csv",
        "items.csv",
        "satisfaction.csv",
        "timing.csv",
    ]
    assert chapter.data.kind == "observed"
    sat = pd.read_csv(out / "satisfaction.csv", dtype={"response": str})
    assert len(sat) == 20
    part = sat[sat["item"] == "satisfaction"]
    assert part["denominator"].iloc[0] == 6
    assert part.set_index("response").loc["5", "percent"] == 100.0
    empty = sat[sat["item"] == "useful_second"]
    assert (
        (empty["denominator"] == 0).all()
        and (empty["n"] == 0).all()
        and empty["percent"].isna().all()
    )
    tim = pd.read_csv(out / "timing.csv")
    assert len(tim) == 8
    assert tim.set_index(["item", "response"]).loc[("timing_appropriate", "yes"), "n"] == 4
    assert tim[tim["item"] == "preferred_timing"]["denominator"].iloc[0] == 5
    # The analyses that cannot run say why instead of raising.
    assert (
        not chapter.alpha["computable"]
        and "usefulness of the second session" in chapter.alpha["reason"]
    )
    assert (
        not chapter.wilcoxon["computable"]
        and "0 respondent(s) rated both" in chapter.wilcoxon["reason"]
    )
    note = satisfaction.respondent_level_note(chapter)
    assert note.count("not computable") == 2 and "{warning}" not in note
    assert "orientation" in satisfaction.comparison_note(chapter)
    claims = chapter.claims.set_index("claim")
    assert (claims.loc["satisfied", "n"], claims.loc["satisfied", "denominator"]) == (6, 6)
    assert claims.loc["satisfied", "ci_high"] == pytest.approx(100.0)
    display = satisfaction.claims_display(chapter)
    assert len(display) == 4
    assert chapter.table2["likert"].iloc[2].tolist() == ["0"] * 5  # the empty item
    assert chapter.crosstab.loc["Total", "Total"] == 4


def test_no_variation_and_too_few_pairs_are_not_computable(tmp_path):
    same = [(f"s{i}", "5", "5", "5", "5", "yes", "good") for i in range(4)]
    chapter = satisfaction.run(str(_write(tmp_path, same, "same.csv")), str(tmp_path / "a"))
    assert not chapter.alpha["computable"] and "same total score" in chapter.alpha["reason"]
    assert not chapter.wilcoxon["computable"] and "same rating" in chapter.wilcoxon["reason"]
    one_pair = [("p1", "4", "3", "5", "4", "yes", "good"), ("p2", "5", "4", "", "", "no", "")]
    chapter = satisfaction.run(str(_write(tmp_path, one_pair, "pair.csv")), str(tmp_path / "b"))
    assert (
        not chapter.wilcoxon["computable"]
        and "at least 2 complete pairs" in chapter.wilcoxon["reason"]
    )
    assert not chapter.alpha["computable"]
    # Enough varied data: both run.
    varied = [
        ("v1", "5", "4", "5", "5", "yes", "good"),
        ("v2", "4", "2", "4", "4", "no", "good"),
        ("v3", "3", "3", "2", "3", "yes", "1_month_earlier"),
        ("v4", "5", "5", "5", "4", "yes", "good"),
        ("v5", "2", "1", "3", "2", "no", "2_months_earlier"),
    ]
    chapter = satisfaction.run(str(_write(tmp_path, varied, "varied.csv")), str(tmp_path / "c"))
    assert chapter.alpha["computable"] and chapter.alpha["n_complete"] == 5
    assert chapter.alpha["ci_low"] < chapter.alpha["alpha"] < chapter.alpha["ci_high"]
    assert chapter.wilcoxon["computable"] and chapter.wilcoxon["n_pairs"] == 5


def test_the_template_runs_on_a_degenerate_user_file(tmp_path):
    import papermill

    from mibook import paths

    rows = [("u1", "5", "4", "", "4", "yes", "good"), ("u2", "5", "2", "", "", "no", "")]
    source = _write(tmp_path, rows)
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / "satisfaction_timing.ipynb"),
        str(tmp_path / "run.ipynb"),
        parameters={
            "respondents_csv": str(source),
            "output_dir": str(tmp_path / "tables"),
            "ci_level": 0.9,
        },
        cwd=str(tmp_path),
        kernel_name="python3",
        progress_bar=False,
    )
    assert (tmp_path / "tables" / "satisfaction.csv").exists()
    text = (tmp_path / "run.ipynb").read_text()
    assert "not computable" in text


def test_a_question_nobody_answered_gives_nan_shares_and_says_so(tmp_path):
    rows = [("n1", "", "4", "3", "4", "yes", ""), ("n2", "", "5", "4", "5", "no", "")]
    chapter = satisfaction.run(str(_write(tmp_path, rows, "none.csv")), str(tmp_path / "out"))
    claims = chapter.claims.set_index("claim")
    for key in ("satisfied", "earlier"):
        assert claims.loc[key, "denominator"] == 0 and math.isnan(claims.loc[key, "percent"])
        assert math.isnan(claims.loc[key, "ci_low"]) and math.isnan(claims.loc[key, "ci_high"])
    assert not bool(claims.loc["satisfied", "rounds_to_published"])
    note = satisfaction.claims_note(chapter)
    assert "satisfaction" in note and "preferred timing" in note and "not computable" in note
    assert (
        satisfaction.claims_display(chapter).loc[:, "Recomputed"].tolist().count("no answers") == 2
    )


def test_the_template_refuses_a_bad_ci_level_before_any_work(tmp_path):
    import papermill

    from mibook import paths

    with pytest.raises(papermill.PapermillExecutionError) as err:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS / "satisfaction_timing.ipynb"),
            str(tmp_path / "run.ipynb"),
            parameters={"output_dir": str(tmp_path / "tables"), "ci_level": 1.5},
            cwd=str(tmp_path),
            kernel_name="python3",
            progress_bar=False,
        )
    assert err.value.ename == "ValueError"
    assert "ci_level must be a number strictly between 0 and 1" in err.value.evalue
    assert not (tmp_path / "tables").exists()
