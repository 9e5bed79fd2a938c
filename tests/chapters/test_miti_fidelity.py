"""The MITI fidelity chapter (``mibook.chapters.miti_fidelity``): the book's reconstructed
sessions, a coding team's double-coded and dated file, utterance codes, pseudonyms.

The team file (``team.csv``) is the shape of the issue: 35 rows, 30 sessions by three
caseworkers named by their real names, 5 of them rated again by a second coder, a date per
session, and the team's own headings (``CCT``, ``SST``, ``PART``, ``EMP``, ``GI``, ``Q`` …)
mapped by a codebook.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from mibook.analysis.miti import SESSION_COLUMNS  # noqa: E402
from mibook.analysis.reliability import RELIABILITY_COLUMNS, icc_a1  # noqa: E402
from mibook.chapters import miti_fidelity as miti  # noqa: E402
from mibook.inputs.contracts import MITI_COUNTS, MITI_GLOBALS  # noqa: E402
from mibook.published.reading import N_CASEWORKERS  # noqa: E402

FIXTURES = Path(__file__).parent.parent / "inputs" / "fixtures"
NAMES = ("Kari Nordmann", "Ola Hansen", "Per Olsen")
CODERS = ("Lab Anne", "Lab Bjørn")
HEADINGS = {
    "cultivating_change_talk": "CCT",
    "softening_sustain_talk": "SST",
    "partnership": "PART",
    "empathy": "EMP",
    "giving_information": "GI",
    "persuade": "PERS",
    "persuade_with_permission": "PWP",
    "question": "Q",
    "simple_reflection": "SR",
    "complex_reflection": "CR",
    "affirm": "AF",
    "seeking_collaboration": "SEEK",
    "emphasizing_autonomy": "EMPH",
    "confront": "CON",
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    matplotlib.pyplot.close("all")


def team_file(folder: Path, double_coded: int = 5) -> tuple[Path, Path]:
    """The coding team's file and its codebook; ``double_coded`` sessions rated twice."""
    rows = []
    for k in range(30):
        g = [2 + (k * 7 + j * 3) % 4 for j in range(4)]
        counts = [(k + j) % 5 + (8 if j == 3 else 0) for j in range(10)]
        row = {
            "Session": f"S{k + 1:02d}",
            "Worker": NAMES[k % 3],
            "Coder": CODERS[0],
            "Dato": (pd.Timestamp("2025-01-06") + pd.Timedelta(days=9 * k)).strftime("%d.%m.%Y"),
            **dict(zip(HEADINGS.values(), g + counts)),
        }
        rows.append(row)
        if k < double_coded:
            rows.append({**row, "Coder": CODERS[1], "PART": max(1, row["PART"] - 1), "Q": k})
    path = folder / "team.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    book = folder / "team.yaml"
    columns = {
        "session_id": "Session",
        "caseworker_id": "Worker",
        "coder_id": "Coder",
        "date": "Dato",
        **HEADINGS,
    }
    book.write_text(
        'study: {title: "Jobbsenter Vest"}\nmiti:\n  columns:\n'
        + "".join(f"    {k}: {v}\n" for k, v in columns.items()),
        encoding="utf-8",
    )
    return path, book


def _all_text(chapter: miti.MitiChapter) -> str:
    """Every sentence and table of the chapter, as a reader would see them."""
    parts = [
        miti.provenance_note(chapter),
        miti.coders_note(chapter),
        miti.summary_note(chapter),
        miti.proficiency_note(chapter),
        miti.caseworkers_note(chapter),
        miti.sessions_note(chapter),
        miti.reliability_note(chapter),
        miti.trend_note(chapter),
        miti.ttest_note(chapter),
    ]
    for table in (
        miti.summary_display(chapter),
        miti.proficiency_display(chapter),
        miti.sessions_display(chapter),
        miti.caseworkers_display(chapter),
        miti.reliability_display(chapter),
        miti.agreement_display(chapter),
        miti.trend_display(chapter),
        miti.ttest_display(chapter),
    ):
        if table is not None:
            parts.append(table._repr_html_())  # what a page shows
    for figure in (chapter.figure, chapter.agreement_figure, chapter.trend_figure):
        if figure is not None:
            for ax in figure.axes:
                parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
                parts += [t.get_text() for t in ax.texts]
                if ax.get_legend():
                    parts += [t.get_text() for t in ax.get_legend().get_texts()]
            for legend in figure.legends:
                parts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(parts)


# ------------------------------------------------------------------------------ the book's data


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return miti.run(output_dir=str(tmp_path_factory.mktemp("tables")))


def test_reconstructed_counts_over_a_threshold_are_given_as_ranges(book):
    note = miti.proficiency_note(book)
    low, high = book.numbers["b_technical_fair_min"], book.numbers["b_technical_fair_max"]
    assert f"between {low} and {high} of 20 sessions could reach" in note
    own = int(book.proficiency.iloc[0].n_at_or_above)
    assert f"{own} of 20 sessions reach" not in note
    table = miti.proficiency_display(book)
    assert "n_at_or_above" not in table.columns
    assert table.iloc[0]["Sessions at or above (Table 3 allows)"] == f"{low}–{high} of 20"


def test_book_notes_say_what_coders_and_dates_would_add(book):
    assert miti.coders_note(book) == ""
    assert "`coder_id`" in miti.reliability_note(book)
    assert "ICC(2,1)" in miti.reliability_note(book)
    trend = miti.trend_note(book)
    assert trend.startswith("These sessions have no `date` column")
    assert "trend per month" in trend
    assert book.reliability is None and book.trend is None and book.trend_figure is None


def test_the_invented_ids_are_said_to_be_invented_only_on_reconstructed_data(book, tmp_path):
    assert "invented" in miti.caseworkers_note(book)
    assert "CW1, CW2, CW3, CW4" in miti.provenance_note(book).replace("\\", "")
    observed = miti.run(output_dir=str(tmp_path), data_kind="observed")
    assert "invented" not in miti.caseworkers_note(observed)
    assert "**reconstructed**" not in miti.provenance_note(observed)
    assert f"{observed.numbers['p_technical_fair_n']} of 20 sessions reach" in (
        miti.proficiency_note(observed)
    )


def test_clustering_prose_and_caseworker_level_tests(book):
    note = miti.ttest_note(book)
    assert "not a chance result" not in note
    assert f"come from {N_CASEWORKERS} caseworkers" in note
    assert f"with {N_CASEWORKERS - 1} degrees of freedom" in note
    rows = book.ttests.set_index(["measure", "source"])
    unit = rows.loc[("technical", "Table 3, caseworkers as units")]
    assert unit["n"] == N_CASEWORKERS and unit["df"] == N_CASEWORKERS - 1
    assert unit["mean"] == rows.loc[("technical", "Table 3"), "mean"]
    # on reconstructed data the caseworker ids are invented: no test on their means
    assert "this data, caseworker means" not in set(book.ttests["source"])
    assert book.numbers["t_relational_pubcw_df"] == N_CASEWORKERS - 1


def test_sd_divisor_n_runs_and_changes_only_the_t_tests(book, tmp_path):
    other = miti.run(output_dir=str(tmp_path), sd_divisor="n")
    changed = {k for k in book.numbers if book.numbers[k] != other.numbers[k]}
    assert changed and all(k.startswith("t_") or k == "sd_divisor" for k in changed)
    for path in other.written:
        assert path.read_bytes() == (Path(book.written[0]).parent / path.name).read_bytes()
    pub = other.ttests.set_index(["measure", "source"]).loc[("relational", "Table 3")]
    assert math.isfinite(pub["d_ci_low"]) and abs(pub["t"]) < abs(
        book.numbers["t_relational_pub_t"]
    )


def test_sessions_table_follows_the_contract(book):
    table = pd.read_csv(next(p for p in book.written if p.name == "miti_sessions.csv"))
    assert list(table.columns) == SESSION_COLUMNS and len(table) == 20
    assert table["coder_id"].isna().all() and table["date"].isna().all()
    shown = miti.sessions_display(book)
    assert "coder_id" not in shown.columns and len(shown) == 20


# ------------------------------------------------------------------------------ a team's file


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    path, book = team_file(folder)
    out = folder / "tables"
    return miti.run(str(path), str(out), codebook_yaml=str(book)), out


def test_summaries_use_the_primary_coder(team, tmp_path):
    chapter, _ = team
    assert chapter.coders["primary"] == CODERS[0] and chapter.coders["second"] == CODERS[1]
    assert chapter.numbers["n_rows"] == 35 and chapter.numbers["n_sessions"] == 30
    assert set(chapter.sessions["coder_id"]) == {CODERS[0]}
    path, book = team_file(tmp_path)
    other = miti.run(
        str(path), str(tmp_path / "t"), codebook_yaml=str(book), primary_coder=CODERS[1]
    )
    assert set(other.sessions["coder_id"]) == set(CODERS)  # B's 5, then A's for the rest
    assert (other.sessions["coder_id"] == CODERS[1]).sum() == 5
    assert "named by the parameter `primary_coder`" in miti.coders_note(other)
    with pytest.raises(ValueError, match="rated no session"):
        miti.run(str(path), str(tmp_path / "u"), codebook_yaml=str(book), primary_coder="Nobody")


def test_reliability_table_is_pingouins_icc(team):
    chapter, out = team
    table = pd.read_csv(out / "miti_reliability.csv")
    assert list(table.columns) == RELIABILITY_COLUMNS
    assert table["measure"].tolist() == [
        *MITI_GLOBALS,
        "technical",
        "relational",
        *MITI_COUNTS,
    ]
    assert set(table["n_sessions"]) == {5}
    assert set(table["coder_a"]) == {CODERS[0]} and set(table["coder_b"]) == {CODERS[1]}
    frame = chapter.data.frame
    a = frame[frame["coder_id"] == CODERS[0]].set_index("session_id")["partnership"]
    b = frame[frame["coder_id"] == CODERS[1]].set_index("session_id")["partnership"]
    a = a.loc[b.index]
    row = table.set_index("measure").loc["partnership"]
    icc, low, high = icc_a1(a, b)
    assert row["icc"] == pytest.approx(icc)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), nan_ok=True)
    agreement = pd.read_csv(out / "miti_agreement.csv").set_index("measure")
    exact = int((a.to_numpy() == b.to_numpy()).sum())
    assert agreement.loc["partnership", "exact_n"] == exact
    assert agreement.loc["partnership", "within_one_n"] == 5
    assert chapter.agreement_figure is not None
    note = miti.reliability_note(chapter)
    assert "both rated 5 session(s)" in note


def test_dates_give_the_over_time_table_and_figure(team):
    chapter, out = team
    trend = pd.read_csv(out / "miti_trend.csv")
    assert set(trend["caseworker_id"]) == set(NAMES)
    kari = trend[(trend.caseworker_id == NAMES[0]) & (trend.measure == "technical")].iloc[0]
    assert kari.sessions == 10 and kari.first_date == "2025-01-06"
    assert math.isfinite(kari.slope_per_month) and kari.slope_ci_low < kari.slope_ci_high
    assert chapter.trend_figure is not None
    assert miti.trend_note(chapter).startswith("30 of the 30 sessions have a date")


def test_observed_caseworkers_give_a_caseworker_level_test(team):
    chapter, _ = team
    row = chapter.ttests.set_index(["measure", "source"]).loc[
        ("technical", "this data, caseworker means")
    ]
    assert row["n"] == 3 and row["df"] == 2
    assert "invented" not in _all_text(chapter)
    assert "**reconstructed**" not in miti.provenance_note(chapter)


def test_wide_score_tables_leave_out_whole_groups_and_say_so(team):
    """With every rating and count, the per-caseworker and per-session tables keep to the room
    the page has; the notes name what the tables leave out, and the files keep it all."""
    chapter, out = team
    caseworkers = miti.caseworkers_display(chapter)
    assert list(caseworkers.columns) == [
        "Sessions",
        "Technical",
        "Relational",
        "Complex reflections (%)",
        "Reflections per question",
        "MI-adherent",
        "MI-non-adherent",
    ]
    assert caseworkers.index.name == "Caseworker" and set(caseworkers.index) == set(NAMES)
    note = miti.caseworkers_note(chapter)
    for rating in MITI_GLOBALS:
        assert miti.LABELS[rating].lower() in note
    assert "global ratings are in the MITI file" in note
    sessions = miti.sessions_display(chapter)
    assert sessions.index.name == "Session"
    assert "MI-adherent" not in sessions.columns and "Technical" in sessions.columns
    assert "mi-adherent" in miti.sessions_note(chapter).lower()
    written = pd.read_csv(out / "miti_sessions.csv")
    assert {"total_mi_adherent", "total_mi_non_adherent"} <= set(written.columns)


def test_fewer_than_five_shared_sessions_are_not_estimable(tmp_path):
    path, book = team_file(tmp_path, double_coded=4)
    chapter = miti.run(str(path), str(tmp_path / "t"), codebook_yaml=str(book))
    assert set(chapter.reliability["band"]) == {"too_few"}
    assert chapter.reliability["icc"].isna().all()
    assert "not estimable" in miti.reliability_note(chapter)
    shown = miti.reliability_display(chapter)
    assert set(shown["ICC(2,1) (95 % CI)"]) == {"–"}
    assert set(shown["Band"]) == {"too few sessions"}


def test_pseudonymise_leaves_no_original_id_anywhere(tmp_path):
    path, book = team_file(tmp_path)
    out = tmp_path / "tables"
    chapter = miti.run(
        str(path), str(out), codebook_yaml=str(book), pseudonymise=True, primary_coder=CODERS[1]
    )
    text = _all_text(chapter)
    for table in out.iterdir():
        text += table.read_text(encoding="utf-8")
    for name in (*NAMES, *CODERS, "Nordmann", "Bjørn"):
        assert name not in text
    assert "Caseworker A" in text and "Coder B" in text
    # the primary coder was named by the original id and is the second to appear: Coder B
    assert chapter.coders["primary"] == "Coder B"
    assert "replaced by pseudonyms" in miti.provenance_note(chapter)


def test_utterances_give_the_same_chapter_as_the_hand_counted_file(tmp_path):
    counted = miti.run(
        str(FIXTURES / "annomi_like_globals.csv"),
        str(tmp_path / "u"),
        miti_utterances_csv=str(FIXTURES / "annomi_like_utterances.csv"),
        codebook_yaml=str(FIXTURES / "annomi_like_codebook.yaml"),
    )
    miti.run(str(FIXTURES / "annomi_like_hand_counted.csv"), str(tmp_path / "h"))
    for name in ("miti_summary.csv", "miti_proficiency.csv", "miti_sessions.csv"):
        assert (tmp_path / "u" / name).read_bytes() == (tmp_path / "h" / name).read_bytes(), name
    assert counted.data.label.endswith("annomi_like_globals.csv")
    alone = miti.run(
        "",
        str(tmp_path / "a"),
        miti_utterances_csv=str(FIXTURES / "annomi_like_utterances.csv"),
        codebook_yaml=str(FIXTURES / "annomi_like_codebook.yaml"),
    )
    assert not alone.data.reconstructed and alone.numbers["n_sessions"] == 4
    assert "reflection_to_question" in set(alone.summary["measure"])
    assert "technical" not in set(alone.summary["measure"])  # no book data mixed in


def test_every_sentence_stands_on_a_file_without_ratings_or_counts(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("session_id,empathy\nS1,4\nS2,4\n", encoding="utf-8")
    chapter = miti.run(str(path), str(tmp_path / "t"))
    text = _all_text(chapter)
    assert "No score with a MITI threshold" in miti.proficiency_note(chapter)
    assert "nan" not in re.sub(r"[A-Za-z]nan|nan[A-Za-z]", "", text.lower())
