"""Category counts and the age summary of the sample (``mibook.analysis.categories``)."""

import numpy as np
import pandas as pd

from mibook.analysis import categories as tables
from mibook.inputs.contracts import RESPONDENT_CODES


def test_category_table_handles_missing_and_empty():
    frame = pd.DataFrame({"gender": [None, None], "education": ["high_school", None]})
    out = tables.category_table(frame, "gender", RESPONDENT_CODES["gender"])
    assert out["denominator"].tolist() == [0, 0] and out["percent"].isna().all()
    out = tables.category_table(frame, "education", RESPONDENT_CODES["education"])
    assert out["n"].tolist() == [1, 0, 0] and out["percent"].tolist() == [100.0, 0.0, 0.0]


def test_sample_age_of_one_or_no_ages():
    assert np.isnan(
        tables.sample_age(pd.DataFrame({"age": pd.array([40, None], dtype="Int64")}))["sd"].iloc[0]
    )
    empty = tables.sample_age(pd.DataFrame({"age": pd.array([None], dtype="Int64")}))
    assert empty["n"].iloc[0] == 0
