"""Utterance-level MITI codes (``mibook.inputs.utterances``): counted per session (and coder),
merged with the global ratings, checked cell by cell.

The fixture ``fixtures/annomi_like_utterances.csv`` has the shape of AnnoMI (one row per coded
therapist utterance: transcript, utterance number, interlocutor, time stamp, text, behaviour),
with codes written as MITI long names, abbreviations and two labels of the team's own
(``Spørsmål``, ``Info``) that ``annomi_like_codebook.yaml`` maps. ``annomi_like_hand_counted.csv``
holds the same sessions counted by hand, ``annomi_like_globals.csv`` their global ratings only.
"""

from pathlib import Path

import pandas as pd
import pytest

from mibook.analysis import miti
from mibook.inputs import utterances
from mibook.inputs.contracts import MITI_COUNTS
from mibook.inputs.problems import InvalidInput
from mibook.inputs.validate import load
from tests.helpers import assert_clean_refusal
from tests.helpers import run_cli as mibook
from tests.inputs.helpers import write

FIXTURES = Path(__file__).parent / "fixtures"
UTTERANCES = FIXTURES / "annomi_like_utterances.csv"
CODEBOOK = FIXTURES / "annomi_like_codebook.yaml"
HAND_COUNTED = FIXTURES / "annomi_like_hand_counted.csv"
GLOBALS = FIXTURES / "annomi_like_globals.csv"


def _problems(path, codebook=None):
    with pytest.raises(InvalidInput) as err:
        utterances.load(path, codebook)
    return err.value.problems


def test_utterances_count_like_the_hand_counted_file():
    counted = utterances.load(UTTERANCES, CODEBOOK)
    hand = load("miti", HAND_COUNTED)
    by_hand = hand.frame.set_index("session_id")[list(MITI_COUNTS)].astype(int)
    mine = counted.counts.set_index("session_id")[list(MITI_COUNTS)].astype(int)
    pd.testing.assert_frame_equal(mine, by_hand, check_names=False)
    assert counted.counts["caseworker_id"].tolist() == hand.frame["caseworker_id"].tolist()


def test_merged_sessions_give_the_same_tables_as_the_hand_counted_file():
    sessions = utterances.combine(load("miti", GLOBALS), utterances.load(UTTERANCES, CODEBOOK))
    hand = load("miti", HAND_COUNTED)
    pd.testing.assert_frame_equal(
        miti.summary(sessions.frame, sessions.present), miti.summary(hand.frame, hand.present)
    )
    pd.testing.assert_frame_equal(
        miti.proficiency(sessions.frame, None, sessions.present),
        miti.proficiency(hand.frame, None, hand.present),
    )
    pd.testing.assert_frame_equal(
        miti.per_session(sessions.frame, sessions.present),
        miti.per_session(hand.frame, hand.present),
    )
    assert sessions.notices[-1].startswith("behaviour counts from annomi_like_utterances.csv")


def test_utterances_alone_give_counts_without_globals():
    sessions = utterances.combine(None, utterances.load(UTTERANCES, CODEBOOK))
    assert sessions.path.name == UTTERANCES.name
    assert set(MITI_COUNTS) <= set(sessions.present)
    assert "partnership" not in sessions.present
    assert len(sessions.frame) == 4 and sessions.frame.index.tolist() == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Q", "question"),
        ("q", "question"),
        (" SR ", "simple_reflection"),
        ("Complex reflection", "complex_reflection"),
        ("complex-reflection", "complex_reflection"),
        ("PERSUADE_WITH_PERMISSION", "persuade_with_permission"),
        ("EMPH", "emphasizing_autonomy"),
        ("CON", "confront"),
    ],
)
def test_codes_by_long_name_or_abbreviation(tmp_path, written, code):
    path = write(tmp_path, "u.csv", f"session_id,code\nS1,{written}\n")
    counts = utterances.load(path).counts.iloc[0]
    assert counts[code] == 1 and counts[list(MITI_COUNTS)].sum() == 1


def test_an_unknown_code_is_an_invalid_cell_named_by_row(tmp_path):
    path = write(tmp_path, "u.csv", "Session,Kode\nS1,Q\nS1,Spm\nS2,XX\n")
    book = write(
        tmp_path,
        "cb.yaml",
        "miti_utterances:\n  columns: {session_id: Session, code: Kode}\n"
        "  values: {code: {Spm: question}}\n",
    )
    (problem,) = _problems(path, book)
    assert (problem.column, problem.row, problem.value) == ("Kode", 3, "XX")
    assert "miti_utterances.values.code" in problem.expected and str(book) in problem.expected


def test_without_a_codebook_a_team_label_is_refused(tmp_path):
    path = write(tmp_path, "u.csv", "session_id,code\nS1,Spørsmål\n")
    (problem,) = _problems(path)
    assert (problem.column, problem.row, problem.value) == ("code", 1, "Spørsmål")


def test_blank_code_and_blank_session_are_invalid_cells(tmp_path):
    path = write(tmp_path, "u.csv", "session_id,code\nS1,Q\nS1,\n,SR\n")
    found = {(p.column, p.row) for p in _problems(path)}
    assert found == {("code", 2), ("session_id", 3)}


def test_missing_code_column_is_refused(tmp_path):
    path = write(tmp_path, "u.csv", "session_id,behaviour\nS1,Q\n")
    (problem,) = _problems(path)
    assert problem.column == "code" and "header" in problem.expected


def test_a_session_names_one_caseworker(tmp_path):
    path = write(tmp_path, "u.csv", "session_id,code,caseworker_id\nS1,Q,K\nS1,SR,K\nS1,CR,L\n")
    (problem,) = _problems(path)
    assert (problem.column, problem.row, problem.value) == ("caseworker_id", 3, "L")
    assert "row 1" in problem.expected


def test_a_blank_coder_in_a_coder_column_is_invalid(tmp_path):
    path = write(tmp_path, "u.csv", "session_id,code,coder_id\nS1,Q,A\nS1,SR,\n")
    (problem,) = _problems(path)
    assert (problem.column, problem.row) == ("coder_id", 2)


def test_counts_per_session_and_coder_merge_with_double_coded_ratings(tmp_path):
    ratings = write(
        tmp_path,
        "m.csv",
        "session_id,coder_id,partnership,empathy\nS1,A,4,4\nS1,B,3,4\nS2,A,3,3\n",
    )
    codes = write(
        tmp_path,
        "u.csv",
        "session_id,coder_id,code\nS1,A,Q\nS1,A,SR\nS1,B,Q\nS1,B,Q\nS2,A,CR\n",
    )
    sessions = utterances.combine(load("miti", ratings), utterances.load(codes))
    frame = sessions.frame.set_index(["session_id", "coder_id"])
    assert frame.loc[("S1", "A"), "question"] == 1 and frame.loc[("S1", "B"), "question"] == 2
    assert frame.loc[("S2", "A"), "complex_reflection"] == 1
    assert frame.loc[("S1", "B"), "partnership"] == 3


def test_one_file_with_coders_must_name_one_per_session(tmp_path):
    ratings = write(tmp_path, "m.csv", "session_id,partnership,empathy\nS1,4,4\n")
    codes = write(tmp_path, "u.csv", "session_id,coder_id,code\nS1,A,Q\nS1,B,Q\n")
    with pytest.raises(InvalidInput) as err:
        utterances.combine(load("miti", ratings), utterances.load(codes))
    (problem,) = err.value.problems
    assert (problem.file, problem.column, problem.row) == (str(codes), "coder_id", 2)
    # one coder per session: the coder id comes from the file that has one
    codes = write(tmp_path, "u2.csv", "session_id,coder_id,code\nS1,A,Q\n")
    sessions = utterances.combine(load("miti", ratings), utterances.load(codes))
    assert sessions.frame["coder_id"].tolist() == ["A"] and "coder_id" in sessions.present


def test_caseworkers_of_the_two_files_must_agree(tmp_path):
    ratings = write(tmp_path, "m.csv", "session_id,caseworker_id,empathy\nS1,K,4\nS2,,4\n")
    codes = write(tmp_path, "u.csv", "session_id,caseworker_id,code\nS1,L,Q\nS2,M,Q\nS2,M,SR\n")
    with pytest.raises(InvalidInput) as err:
        utterances.combine(load("miti", ratings), utterances.load(codes))
    (problem,) = err.value.problems
    assert (problem.column, problem.row, problem.value) == ("caseworker_id", 1, "L")
    codes = write(tmp_path, "u2.csv", "session_id,caseworker_id,code\nS1,K,Q\nS2,M,Q\n")
    sessions = utterances.combine(load("miti", ratings), utterances.load(codes))
    assert sessions.frame["caseworker_id"].tolist() == ["K", "M"]  # the gap filled


def test_sessions_in_one_file_only(tmp_path):
    ratings = write(tmp_path, "m.csv", "session_id,empathy,question\nS1,4,3\nS2,3,5\n")
    codes = write(tmp_path, "u.csv", "session_id,code\nS1,Q\nS3,SR\n")
    sessions = utterances.combine(load("miti", ratings), utterances.load(codes))
    frame = sessions.frame.set_index("session_id")
    assert frame.loc["S1", "question"] == 1  # the utterance counts replace the file's counts
    assert pd.isna(frame.loc["S2", "question"])  # no utterance: counts left empty, not zero
    assert pd.isna(frame.loc["S3", "empathy"]) and frame.loc["S3", "simple_reflection"] == 1
    assert sessions.frame.index.tolist() == [1, 2, 3]
    text = " ".join(sessions.notices)
    assert "are replaced by the counts of u.csv" in text
    assert "1 session(s) of m.csv have no utterance" in text
    assert "1 session(s) of u.csv are not in m.csv" in text
    assert str(codes) not in text  # the utterance file by its name only


def test_validate_and_run_refuse_bad_utterance_files_cleanly(tmp_path):
    codes = write(tmp_path, "u.csv", "session_id,code\nS1,Q\nS1,XX\n")
    assert_clean_refusal(
        mibook("validate", "--miti-utterances", codes), ["u.csv", "column 'code', row 2", "'XX'"]
    )
    out = tmp_path / "report"
    result = mibook("run", "--miti-utterances", codes, "--out", out)
    assert_clean_refusal(result, ["u.csv", "column 'code', row 2"])
    assert not out.exists()


def test_validate_checks_the_two_files_together(tmp_path):
    ratings = write(tmp_path, "m.csv", "session_id,coder_id,empathy\nS1,A,4\nS1,B,3\n")
    codes = write(tmp_path, "u.csv", "session_id,code\nS1,Q\n")
    result = mibook("validate", "--miti", ratings, "--miti-utterances", codes)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    problem = result.stderr.split("invalid input: 1 problem(s)\n")[1]
    assert problem.startswith(f"{ratings}, column 'coder_id', row 2: got 'B'")
    assert "one coder per session" in problem
    good = write(tmp_path, "u2.csv", "session_id,code\nS1,Q\nS1,CR\n")
    single = write(tmp_path, "m2.csv", "session_id,empathy\nS1,4\n")
    result = mibook("validate", "--miti", single, "--miti-utterances", good)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok:", "1", "rows", "ok:", "2", "rows"]
