"""Property-based tests for the miti and comparison inputs (respondents: tests/test_io_schemas.py).

Random valid frames, written as comma CSV, semicolon CSV or .xlsx, load with the same values;
frames with random bad cells are refused with problems naming exactly those cells.
"""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mibook.inputs.contracts import COMPARISON_KINDS, MITI_COUNTS, MITI_GLOBALS, RE_AIM_DIMENSIONS
from mibook.inputs.problems import InvalidInput
from mibook.inputs.validate import load

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


def write(frame: pd.DataFrame, tmp_path, fmt: str):
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
    loaded = load("miti", write(frame, tmp_path, fmt)).frame
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
        load("miti", write(frame, tmp_path, fmt))
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
    loaded = load("comparison", write(frame, tmp_path, fmt)).frame
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
        load("comparison", write(frame, tmp_path, fmt))
    assert [(p.column, p.row, p.value) for p in err.value.problems] == [(column, row + 1, value)]
