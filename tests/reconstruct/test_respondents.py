from fractions import Fraction

import numpy as np
import pytest

from mibook import paths, published
from mibook.checks import rounds_to
from mibook.files import write_csv_atomic
from mibook.inputs.validate import load
from mibook.reconstruct import respondents as reconstruct
from mibook.reconstruct.respondents import sd_rounds_to


@pytest.fixture(scope="module")
def frame():
    return load("respondents", paths.RECONSTRUCTED_RESPONDENTS).frame


def test_committed_file_is_exactly_what_reconstruct_writes(tmp_path):
    target = tmp_path / "respondents.csv"
    write_csv_atomic(reconstruct.reconstruct_respondents(), reconstruct.COLUMNS, target)
    assert target.read_bytes() == paths.RECONSTRUCTED_RESPONDENTS.read_bytes()


def test_every_printed_marginal_is_met_exactly(frame):
    assert len(frame) == int(published.value("no_t1_n_total")) == 112
    for column, counts in reconstruct.respondent_marginals().items():
        observed = frame[column].dropna().astype(str).value_counts().to_dict()
        assert {k: v for k, v in counts.items() if v} == observed, column
    for location, variable in [
        ("Table 1", "education"),
        ("Table 1", "sick_leave_length"),
        ("Table 2", "satisfaction"),
        ("Table 2", "preferred_timing"),
    ]:
        printed = published.counts(location, variable)
        got = frame[variable].dropna().astype(str).value_counts()
        for category, n in printed.items():
            assert got.get(category, 0) == n


def test_missing_answers_make_up_each_item_denominator(frame):
    expected = {
        "satisfaction": 111,
        "useful_first": 112,
        "useful_second": 111,
        "useful_overall": 108,
        "timing_appropriate": 112,
        "preferred_timing": 99,
        "sick_leave_length": 111,
        "education": 112,
    }
    for column, n in expected.items():
        assert frame[column].notna().sum() == n, column
        printed = published.denominator("Table 2", column)
        if printed is not None:
            assert printed == n


def test_ages_are_whole_years_in_range_with_the_published_mean_and_sd(frame):
    ages = frame["age"].astype(int).to_numpy()
    assert ages.min() >= 18 and ages.max() <= 60
    n, s, q = len(ages), int(ages.sum()), int((ages**2).sum())
    assert rounds_to(Fraction(s, n), published.value("no_txt_age_mean"))
    assert rounds_to(Fraction(s, n), published.value("no_t1_age_mean"))
    assert sd_rounds_to(Fraction(n * q - s * s, n * (n - 1)), published.value("no_t1_age_sd"))


def test_sprite_hits_other_targets_and_is_seeded():
    a = reconstruct.sprite_ages(50, ["30.2"], "5.5", np.random.default_rng(3))
    b = reconstruct.sprite_ages(50, ["30.2"], "5.5", np.random.default_rng(3))
    assert (a == b).all()
    assert rounds_to(Fraction(int(a.sum()), 50), "30.2")
    assert round(float(np.std(a, ddof=1)), 1) == 5.5
    with pytest.raises(ValueError):
        reconstruct.sprite_ages(10, ["70.0"], "1.0", np.random.default_rng(0))


def test_rounding_helpers_include_ties():
    assert rounds_to(Fraction(455, 10), "45")  # 45.5 is half a unit from 45
    assert rounds_to(Fraction(4545, 100), "45.5")
    assert not rounds_to(Fraction(4544, 100), "45.5")
    assert sd_rounds_to(Fraction(965, 100) ** 2, "9.7") and not sd_rounds_to(
        Fraction(964, 100) ** 2, "9.7"
    )


def test_columns_are_shuffled_independently(frame):
    # The reconstruction must not smuggle in an ordering: ids are sequential but answers are
    # not sorted.
    assert not frame["age"].is_monotonic_increasing
    assert frame["satisfaction"].dropna().tolist() != sorted(
        frame["satisfaction"].dropna().tolist()
    )
