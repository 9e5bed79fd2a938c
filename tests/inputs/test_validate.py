"""Validating a file against its contract (``mibook.inputs.validate``).

* every bad cell is reported with its column, row, value and what was expected;
* property tests: random valid frames of each kind, written as comma CSV, semicolon CSV or
  .xlsx, load with the same values; frames with random bad cells are refused with problems
  naming exactly those cells;
* the bad-input corpus (tests/bad_inputs/, manifest cases.json), run through ``mibook validate``
  as a user would: each file gives either ``ok: N rows`` or exit 2 with one line per problem
  naming file, column and row, never a traceback, never a changed input, never a file written
  beside it. (The corpus cases that go through ``mibook run`` are in tests/test_cli.py and
  tests/book/test_report.py.)
"""

import json
import resource

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mibook.inputs.contracts import (
    COMPARISON_KINDS,
    LIKERT_ITEMS,
    MITI_COUNTS,
    MITI_GLOBALS,
    RE_AIM_DIMENSIONS,
    RESPONDENT_CODES,
)
from mibook.inputs.problems import InvalidInput
from mibook.inputs.validate import load
from tests.helpers import CORPUS, assert_clean_refusal, sha
from tests.helpers import run_cli as mibook
from tests.inputs.helpers import problems, write

CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- respondents


def test_every_bad_cell_is_reported_with_column_row_value_and_expectation(tmp_path):
    text = (
        "\n".join(
            [
                "respondent_id,gender,age,satisfaction",
                "A,female,40,5",
                "B,man,12,6",
                ",male,,Quite",
                "B,,,0",
            ]
        )
        + "\n"
    )
    found = {(p.column, p.row, p.value) for p in problems(write(tmp_path, "bad.csv", text))}
    assert ("gender", 2, "man") in found
    assert ("age", 2, "12") in found
    assert ("satisfaction", 2, "6") in found
    assert ("satisfaction", 3, "Quite") in found
    assert ("satisfaction", 4, "0") in found
    assert ("respondent_id", 3, "") in found
    assert ("respondent_id", 4, "B") in found
    message = str(problems(write(tmp_path, "bad2.csv", text))[0])
    assert (
        "bad2.csv" in message and "column" in message and "row" in message and "expected" in message
    )


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "empty"),
        ("respondent_id,satisfaction\n", "data row"),
        ("respondent_id,satisfaction\n\n\n", "data row"),
        ("name,score\nA,1\n", "respondent_id"),
        ("respondent_id,note\nA,hello\n", "at least one of the columns"),
    ],
)
def test_unusable_files_are_invalid(tmp_path, content, expected):
    found = problems(write(tmp_path, "x.csv", content))
    assert any(expected in str(p) for p in found), found


def test_notices_for_unknown_and_absent_columns(tmp_path):
    loaded = load(
        "respondents", write(tmp_path, "r.csv", "respondent_id,satisfation,age\nA,5,40\n")
    )
    assert any("did you mean 'satisfaction'" in n for n in loaded.notices)
    assert any("'gender' is absent" in n for n in loaded.notices)
    assert loaded.frame["satisfaction"].isna().all()


valid_row = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["", *RESPONDENT_CODES["gender"], "FEMALE", " male "]),
        "age": st.one_of(st.just(""), st.integers(16, 80).map(str)),
        **{item: st.one_of(st.just(""), st.integers(1, 5).map(str)) for item in LIKERT_ITEMS},
        "preferred_timing": st.sampled_from(["", *RESPONDENT_CODES["preferred_timing"]]),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(valid_row, min_size=1, max_size=30))
def test_property_valid_frames_load_with_the_same_values(tmp_path, rows):
    frame = pd.DataFrame(rows)
    frame.insert(0, "respondent_id", [f"id{k}" for k in range(len(rows))])
    path = tmp_path / "valid.csv"
    frame.to_csv(path, index=False)
    loaded = load("respondents", path).frame
    assert len(loaded) == len(frame)
    for item in LIKERT_ITEMS:
        expected = [int(v) if v else None for v in frame[item]]
        assert [None if pd.isna(v) else int(v) for v in loaded[item]] == expected
    assert set(loaded["gender"].dropna()) <= set(RESPONDENT_CODES["gender"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(valid_row, min_size=1, max_size=20),
    bad=st.sampled_from(["6", "0", "-1", "2.5", "Somewhat", "five", "1e9"]),
    data=st.data(),
)
def test_property_one_bad_cell_is_found_at_its_row(tmp_path, rows, bad, data):
    frame = pd.DataFrame(rows)
    frame.insert(0, "respondent_id", [f"id{k}" for k in range(len(rows))])
    row = data.draw(st.integers(0, len(rows) - 1))
    item = data.draw(st.sampled_from(LIKERT_ITEMS))
    frame.loc[row, item] = bad
    path = tmp_path / "invalid.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InvalidInput) as err:
        load("respondents", path)
    assert [(p.column, p.row, p.value) for p in err.value.problems] == [(item, row + 1, bad)]


# ---------------------------------------------------------------- miti and comparison (properties)


FORMATS = ("comma.csv", "semicolon.csv", "book.xlsx")
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" -,;'\"é"),
    min_size=1,
    max_size=12,
)
text = text.filter(lambda s: s.strip() != "" and not s.strip().startswith(("=", "+", "-", "@")))


def write_frame(frame: pd.DataFrame, tmp_path, fmt: str):
    path = tmp_path / fmt
    if fmt.endswith(".xlsx"):
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False, sep=";" if fmt.startswith("semicolon") else ",")
    return path


@st.composite
def miti_frames(draw):
    n = draw(st.integers(1, 15))
    globals_ = draw(st.lists(st.sampled_from(MITI_GLOBALS), min_size=1, unique=True))
    counts = draw(st.lists(st.sampled_from(MITI_COUNTS), unique=True))
    frame = pd.DataFrame({"session_id": [f"S{k}" for k in range(n)]})
    for g in globals_:
        frame[g] = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    for c in counts:
        frame[c] = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    return frame


@st.composite
def comparison_frames(draw):
    n = draw(st.integers(1, 10))
    return pd.DataFrame(
        {
            "study": draw(st.lists(text, min_size=n, max_size=n)),
            "country": draw(
                st.lists(st.sampled_from(["Sweden", "Norway", "Denmark"]), min_size=n, max_size=n)
            ),
            "re_aim_dimension": draw(
                st.lists(st.sampled_from(RE_AIM_DIMENSIONS), min_size=n, max_size=n)
            ),
            "theme": draw(st.lists(text, min_size=n, max_size=n)),
            "kind": draw(st.lists(st.sampled_from(COMPARISON_KINDS), min_size=n, max_size=n)),
            "finding": draw(st.lists(text, min_size=n, max_size=n)),
            "source": draw(
                st.lists(
                    st.sampled_from(["Table 1", "Results", "Discussion"]), min_size=n, max_size=n
                )
            ),
        }
    )


@SETTINGS
@given(frame=miti_frames(), fmt=st.sampled_from(FORMATS))
def test_valid_miti_loads_with_the_same_values(tmp_path, frame, fmt):
    loaded = load("miti", write_frame(frame, tmp_path, fmt)).frame
    assert loaded.index.tolist() == list(range(1, len(frame) + 1))
    assert loaded["session_id"].tolist() == frame["session_id"].tolist()
    for column in frame.columns[1:]:
        assert loaded[column].astype(int).tolist() == frame[column].tolist()


@SETTINGS
@given(frame=miti_frames(), fmt=st.sampled_from(FORMATS), data=st.data())
def test_bad_miti_cells_are_named(tmp_path, frame, fmt, data):
    frame = frame.astype(object)
    columns = list(frame.columns[1:])
    cells = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(frame) - 1), st.sampled_from(columns)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    bad = {}
    for row, column in cells:
        choices = (
            ["6", "0", "2.5", "high", "-1"]
            if column in MITI_GLOBALS
            else ["-1", "2.5", "many", "-3"]
        )
        value = data.draw(st.sampled_from(choices))
        frame.loc[row, column] = value
        bad[(column, row + 1)] = value
    with pytest.raises(InvalidInput) as err:
        load("miti", write_frame(frame, tmp_path, fmt))
    found = {(p.column, p.row): p.value for p in err.value.problems}
    assert set(found) == set(bad)
    for key, value in bad.items():
        assert float(found[key]) == float(value) if _is_number(value) else found[key] == value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


@SETTINGS
@given(frame=comparison_frames(), fmt=st.sampled_from(FORMATS))
def test_valid_comparison_loads_with_the_same_values(tmp_path, frame, fmt):
    loaded = load("comparison", write_frame(frame, tmp_path, fmt)).frame
    for column in frame.columns:
        assert loaded[column].tolist() == [v.strip() for v in frame[column]]


@SETTINGS
@given(frame=comparison_frames(), fmt=st.sampled_from(FORMATS), data=st.data())
def test_bad_comparison_cells_are_named(tmp_path, frame, fmt, data):
    row = data.draw(st.integers(0, len(frame) - 1))
    column = data.draw(st.sampled_from(["re_aim_dimension", "kind", "finding", "study"]))
    value = {"re_aim_dimension": "outreach", "kind": "obstacle", "finding": "", "study": ""}[column]
    frame.loc[row, column] = value
    if not (frame.drop(index=row) != "").any(axis=None) and len(frame) == 1 and value == "":
        frame.loc[row, "source"] = "Table 1"  # keep the row from being entirely empty
    with pytest.raises(InvalidInput) as err:
        load("comparison", write_frame(frame, tmp_path, fmt))
    assert [(p.column, p.row, p.value) for p in err.value.problems] == [(column, row + 1, value)]


# ----------------------------------------------------------------------------- the bad-input corpus


def test_manifest_covers_the_corpus():
    files = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"cases.json", "make_corpus.py"}
    assert files == {c["file"] for c in CASES}
    assert len(CASES) >= 30
    assert {c["kind"] for c in CASES} == {"respondents", "miti", "comparison"}
    for case in CASES:
        assert case["outcome"] in ("ok", "invalid")
        assert (case["rows"] is not None) == (case["outcome"] == "ok")
        if case["outcome"] == "invalid":
            assert case["file"] in " ".join(case["expect"]) or any(
                "column" in e or "row" in e for e in case["expect"]
            ), case


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file_via_validate(case):
    path = CORPUS / case["file"]
    before_hash, before_files = sha(path), sorted(p.name for p in CORPUS.iterdir())
    result = mibook("validate", f"--{case['kind']}", path)
    assert sha(path) == before_hash, "the input was changed"
    assert sorted(p.name for p in CORPUS.iterdir()) == before_files, (
        "something was written beside the input"
    )
    if case["outcome"] == "ok":
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"ok: {case['rows']} rows"
        assert "Traceback" not in result.stderr
    else:
        assert_clean_refusal(result, case["expect"])
        assert str(path) in result.stderr  # the file, as the user gave it


def test_path_that_does_not_exist(tmp_path):
    assert_clean_refusal(
        mibook("validate", "--miti", tmp_path / "nope.csv"), ["nope.csv", "no such file"]
    )


def test_directory_instead_of_a_file(tmp_path):
    folder = tmp_path / "data.csv"
    folder.mkdir()
    assert_clean_refusal(mibook("validate", "--comparison", folder), ["data.csv", "not a folder"])
    out = tmp_path / "report"
    result = mibook("run", "--respondents", folder, "--out", out)
    assert_clean_refusal(result, ["not a folder"])
    assert not out.exists()


def test_a_200_mb_file_validates_within_time_and_memory(tmp_path):
    """Generated here, never committed. It must validate (or be refused clearly) in reasonable
    time and memory: under 120 s and 3 GiB resident."""
    path = tmp_path / "big.csv"
    header = (
        "respondent_id,gender,age,education,sick_leave_length,satisfaction,"
        "useful_first,useful_second,useful_overall,timing_appropriate,preferred_timing\n"
    )
    codes = [
        "female,45,high_school,lt_2m,5,4,4,5,yes,good",
        "male,61,higher_over_3_years,gt_8m,1,2,,3,no,2_months_later",
    ]
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        while handle.tell() < 200 * 2**20:
            handle.write("".join(f"R{k},{codes[k % 2]}\n" for k in range(rows, rows + 100_000)))
            rows += 100_000
    before = sha(path)
    result = mibook("validate", "--respondents", path, timeout=300)
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"ok: {rows} rows"
    assert peak_gib < 3, f"peak {peak_gib:.2f} GiB"
    assert sha(path) == before
