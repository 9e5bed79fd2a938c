"""Checks on ``data/published/numbers.csv``: the transcription of every number the two source
articles print (Foldal et al. 2021; Ståhl & Gustavsson 2018), and its Data Package schema.

The table checks list every expected cell id explicitly, so a dropped or invented cell fails.
The arithmetic checks assert what the publication actually prints (e.g. Table 1 sick-leave
counts summing to 111, not 112): they document the article, they do not correct it.
"""

from __future__ import annotations

import csv
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from mibook.paths import DATAPACKAGE, PUBLISHED_NUMBERS

COLUMNS = [
    "id",
    "article",
    "location",
    "row_label",
    "column_label",
    "variable",
    "category",
    "statistic",
    "value",
    "value_as_printed",
    "unit",
    "n",
    "note",
]
ARTICLES = {"foldal2021", "stahl2018"}
PREFIX_ARTICLE = {"no": "foldal2021", "se": "stahl2018"}
STATISTICS = {
    "count",
    "percent",
    "mean",
    "sd",
    "min",
    "max",
    "threshold",
    "duration",
    "proportion_text",
    "version",
    "other",
}
ID_PATTERN = re.compile(r"^(no|se)_(t1|t2|t3|txt)_[a-z0-9]+(_[a-z0-9]+)*$")
NUMBER_PATTERN = re.compile(r"^\d+(\.\d+)?$")
#: Printed identifiers (a manual version, an approval number) kept as printed, not as numbers.
IDENTIFIER_PATTERN = re.compile(r"^\d+([./-]\d+)+$")
IDENTIFIER_STATISTICS = ("version", "other")

# The data contract's variables and their categories ("" = a statistic of the whole variable).
LIKERT = {"", "1", "2", "3", "4", "5"}
VARIABLES = {
    "gender": {"", "female", "male"},
    "age": {""},
    "education": {"", "high_school", "higher_up_to_3_years", "higher_over_3_years"},
    "sick_leave_length": {"", "lt_2m", "2_4m", "4_6m", "6_8m", "gt_8m"},
    "satisfaction": LIKERT,
    "useful_first": LIKERT,
    "useful_second": LIKERT,
    "useful_overall": LIKERT,
    "timing_appropriate": {"", "yes", "no"},
    "preferred_timing": {
        "",
        "2_months_earlier",
        "1_month_earlier",
        "good",
        "1_month_later",
        "2_months_later",
        "3_4_months_later",
    },
    "cultivating_change_talk": {""},
    "softening_sustain_talk": {""},
    "partnership": {""},
    "empathy": {""},
    "technical": {""},
    "relational": {""},
}

# ---------------------------------------------------------------- expected table cells
# Cells printed as a bare "0" have a count and no percentage.
T1_CELLS = {
    "gender": ["female"],  # only the female row is printed
    "education": ["high_school", "higher_up_to_3_years", "higher_over_3_years"],
    "sick_leave_length": ["lt_2m", "2_4m", "4_6m", "6_8m", "gt_8m"],
}
T2_ITEMS = {
    "satisfaction": ["1", "2", "3", "4", "5"],
    "useful_first": ["1", "2", "3", "4", "5"],
    "useful_second": ["1", "2", "3", "4", "5"],
    "useful_overall": ["1", "2", "3", "4", "5"],
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
T2_BARE_ZEROS = {
    ("satisfaction", "2"),
    ("satisfaction", "3"),
    ("preferred_timing", "3_4_months_later"),
}
T3_MEASURES = [
    "cultivating_change_talk",
    "softening_sustain_talk",
    "partnership",
    "empathy",
    "technical",
    "relational",
]
SE_T1_CELLS = [
    ("2013", "unit_managers"),
    ("2013", "regional_coordinators"),
    ("2013", "officials"),
    ("2014", "unit_managers"),
    ("2014", "officials"),
]


def expected_table_ids() -> set[str]:
    ids = {"no_t1_n_total", "no_t1_age_mean", "no_t1_age_sd"}
    for variable, categories in T1_CELLS.items():
        for category in categories:
            ids |= {f"no_t1_{variable}_{category}_n", f"no_t1_{variable}_{category}_pct"}
    for item, responses in T2_ITEMS.items():
        ids.add(f"no_t2_{item}_denominator")
        for response in responses:
            ids.add(f"no_t2_{item}_{response}_n")
            if (item, response) not in T2_BARE_ZEROS:
                ids.add(f"no_t2_{item}_{response}_pct")
    for measure in T3_MEASURES:
        ids |= {f"no_t3_{measure}_mean", f"no_t3_{measure}_sd"}
    for year, role in SE_T1_CELLS:
        ids.add(f"se_t1_{year}_{role}_n")
    ids |= {f"se_t1_{year}_data_collection_period" for year in ("2013", "2014")}
    return ids


# ---------------------------------------------------------------- loading


@pytest.fixture(scope="module")
def header() -> list[str]:
    with open(PUBLISHED_NUMBERS, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(PUBLISHED_NUMBERS, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        out = list(reader)
    assert out, "numbers.csv has no data rows"
    for i, row in enumerate(out, start=2):
        assert None not in row and None not in row.values(), f"line {i}: wrong number of fields"
    return out


@pytest.fixture(scope="module")
def by_id(rows) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows}


def is_table(row: dict[str, str]) -> bool:
    return not row["id"].split("_")[1] == "txt"


def val(by_id, row_id: str) -> int:
    return int(by_id[row_id]["value"])


# ---------------------------------------------------------------- structure


def test_columns_present_and_in_order(header):
    assert header == COLUMNS


def test_ids_unique(rows):
    ids = [row["id"] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates


def test_ids_match_naming_pattern(rows):
    bad = [row["id"] for row in rows if not ID_PATTERN.match(row["id"])]
    assert not bad


def test_article_and_statistic_from_allowed_sets(rows):
    assert {row["article"] for row in rows} <= ARTICLES
    assert {row["statistic"] for row in rows} <= STATISTICS
    assert {row["article"] for row in rows} == ARTICLES, "both articles are transcribed"


def test_id_prefix_matches_article(rows):
    bad = [r["id"] for r in rows if PREFIX_ARTICLE[r["id"].split("_")[0]] != r["article"]]
    assert not bad


def test_table_rows_have_table_location_and_text_rows_do_not(rows):
    for row in rows:
        part = row["id"].split("_")[1]
        if part == "txt":
            assert not row["location"].startswith("Table"), row["id"]
            assert row["column_label"] == "", row["id"]
        else:
            assert row["location"] == f"Table {part[1]}", row["id"]
            assert row["column_label"], row["id"]
        assert row["row_label"].strip(), row["id"]


def test_no_empty_required_fields(rows):
    for row in rows:
        for column in (
            "id",
            "article",
            "location",
            "statistic",
            "value",
            "value_as_printed",
            "unit",
        ):
            assert row[column].strip(), (row["id"], column)


def test_variables_and_categories_from_contract(rows):
    for row in rows:
        if row["variable"]:
            assert row["variable"] in VARIABLES, row["id"]
            assert row["category"] in VARIABLES[row["variable"]], row["id"]
        else:
            assert row["category"] == "", row["id"]


# ---------------------------------------------------------------- values


def test_value_parses_as_number(rows):
    for row in rows:
        if row["statistic"] in IDENTIFIER_STATISTICS and IDENTIFIER_PATTERN.match(row["value"]):
            continue  # e.g. MITI 4.2.1, approval number 2016/2300
        assert NUMBER_PATTERN.match(row["value"]), (row["id"], row["value"])
        float(row["value"])


def test_n_is_empty_or_a_whole_number(rows):
    for row in rows:
        assert row["n"] == "" or row["n"].isdigit(), (row["id"], row["n"])


def test_table_value_equals_digits_as_printed(rows):
    for row in filter(is_table, rows):
        digits = re.sub(r"[^0-9.]", "", row["value_as_printed"])
        assert digits == row["value"], (row["id"], row["value"], row["value_as_printed"])


WORD_NUMBERS = {
    "sixty-two": "62",
    "every other": "2",
    "every third": "3",
    "once": "1",
    "single": "1",
    "first": "1",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "nine": "9",
}


def printed_numbers(printed: str) -> set[str]:
    """Every number a printed form can stand for: its numerals (thousands separators
    dropped), or else its number words."""
    numerals = set(re.findall(r"\d+(?:\.\d+)?", printed.replace(",", "")))
    numerals |= set(re.findall(r"\d+(?:[./-]\d+)+", printed))  # identifiers: 4.2.1, 2013/83-31
    if numerals:
        return numerals
    lowered = printed.lower()
    return {
        number
        for word, number in WORD_NUMBERS.items()
        if re.search(rf"(?<![a-z-]){re.escape(word)}(?![a-z])", lowered)
    }


def test_text_value_is_a_number_of_its_printed_form(rows):
    for row in rows:
        if not is_table(row):
            assert row["value"] in printed_numbers(row["value_as_printed"]), row["id"]


def test_trailing_zeros_kept(by_id):
    assert by_id["no_t3_empathy_mean"]["value"] == "3.35"
    assert by_id["no_t3_cultivating_change_talk_mean"]["value"] == "3.11"
    assert by_id["no_t1_age_sd"]["value"] == "9.7"
    assert by_id["se_txt_ssia_employees"]["value"] == "13500"
    assert by_id["se_txt_ssia_employees"]["value_as_printed"] == "13,500"


def test_percent_rows_are_in_percent(rows):
    for row in rows:
        if row["statistic"] == "percent":
            assert row["unit"] == "percent", row["id"]
            printed = row["value_as_printed"].lower()
            assert "%" in printed or "percent" in printed, row["id"]


# ---------------------------------------------------------------- the tables


def test_exact_set_of_table_cells(rows):
    table_ids = {row["id"] for row in rows if is_table(row)}
    expected = expected_table_ids()
    assert table_ids - expected == set(), "unexpected table cells"
    assert expected - table_ids == set(), "missing table cells"
    assert len(expected) == 21 + 59 + 12 + 5 + 2


def test_table_cells_carry_variable_and_category(by_id):
    for variable, categories in T1_CELLS.items():
        for category in categories:
            for stat in ("n", "pct"):
                row = by_id[f"no_t1_{variable}_{category}_{stat}"]
                assert (row["variable"], row["category"]) == (variable, category)
                assert row["n"] == "112"
    for item, responses in T2_ITEMS.items():
        den = by_id[f"no_t2_{item}_denominator"]["value"]
        for response in responses:
            row = by_id[f"no_t2_{item}_{response}_n"]
            assert (row["variable"], row["category"], row["n"]) == (item, response, den)
    for measure in T3_MEASURES:
        assert by_id[f"no_t3_{measure}_mean"]["variable"] == measure
        assert by_id[f"no_t3_{measure}_sd"]["statistic"] == "sd"


def test_bare_zero_cells_are_counts_without_percent(by_id):
    for item, response in T2_BARE_ZEROS:
        assert by_id[f"no_t2_{item}_{response}_n"]["value"] == "0"
        assert f"no_t2_{item}_{response}_pct" not in by_id


def test_table1_counts_sum_as_printed(by_id):
    assert val(by_id, "no_t1_n_total") == 112
    education = sum(val(by_id, f"no_t1_education_{c}_n") for c in T1_CELLS["education"])
    sick_leave = sum(
        val(by_id, f"no_t1_sick_leave_length_{c}_n") for c in T1_CELLS["sick_leave_length"]
    )
    assert education == 112
    assert sick_leave == 111  # one respondent missing from the printed sick-leave rows


def test_table2_counts_sum_to_their_denominators(by_id):
    expected = {
        "satisfaction": 111,
        "useful_first": 112,
        "useful_second": 111,
        "useful_overall": 108,
        "timing_appropriate": 112,
        "preferred_timing": 99,
    }
    for item, responses in T2_ITEMS.items():
        assert val(by_id, f"no_t2_{item}_denominator") == expected[item]
        assert sum(val(by_id, f"no_t2_{item}_{r}_n") for r in responses) == expected[item]


def _half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def test_percentages_not_reproducible_from_counts_are_exactly_the_known_ones(rows, by_id):
    """Recompute every count-table percentage from its count and printed n (round half up).
    Exactly two printed percentages do not follow; both are facts about the publication."""
    mismatches = set()
    for row in rows:
        if row["id"].startswith(("no_t1_", "no_t2_")) and row["statistic"] == "percent":
            count = Decimal(by_id[row["id"][: -len("pct")] + "n"]["value"])
            exact = 100 * count / Decimal(row["n"])
            assert abs(exact - Decimal(row["value"])) < 1, row["id"]
            if _half_up(exact) != int(row["value"]):
                mismatches.add(row["id"])
    assert mismatches == {
        "no_t1_sick_leave_length_lt_2m_pct",  # 53/112 = 47.3%, printed 48% (= 53/111)
        "no_t2_satisfaction_4_pct",  # 15/111 = 13.5%, printed 13%
    }


def test_table3_relational_is_mean_of_its_ratings_but_technical_is_not(by_id):
    def mean_of(a, b):
        return (
            Decimal(by_id[f"no_t3_{a}_mean"]["value"]) + Decimal(by_id[f"no_t3_{b}_mean"]["value"])
        ) / 2

    assert mean_of("partnership", "empathy") == Decimal(by_id["no_t3_relational_mean"]["value"])
    technical = mean_of("cultivating_change_talk", "softening_sustain_talk")
    assert technical == Decimal("3.225")
    assert by_id["no_t3_technical_mean"]["value"] == "3.26"


def test_swedish_table1_matches_first_set_in_text(by_id):
    assert val(by_id, "se_t1_2013_officials_n") == val(by_id, "se_txt_first_set_officials")
    assert val(by_id, "se_t1_2013_regional_coordinators_n") == val(
        by_id, "se_txt_first_set_regional_coordinators"
    )
    assert val(by_id, "se_t1_2013_unit_managers_n") == val(
        by_id, "se_txt_first_set_unit_managers_offices"
    ) + val(by_id, "se_txt_first_set_unit_managers_other")


def test_swedish_total_is_not_invented(rows):
    """The article never prints the total of 69 interviews; only printed numbers belong here."""
    assert not [r["id"] for r in rows if r["article"] == "stahl2018" and r["value"] == "69"]


# ---------------------------------------------------------------- text vs table


def test_text_restatements_recorded_beside_table_cells(by_id):
    # Same quantity, both locations recorded.
    assert by_id["no_txt_women_pct"]["value"] == by_id["no_t1_gender_female_pct"]["value"] == "63"
    assert by_id["no_txt_age_sd"]["value"] == by_id["no_t1_age_sd"]["value"] == "9.7"
    assert by_id["no_txt_technical_mean"]["value"] == by_id["no_t3_technical_mean"]["value"]
    assert by_id["no_txt_relational_sd"]["value"] == by_id["no_t3_relational_sd"]["value"]
    assert by_id["no_txt_appropriate_timing_pct"]["value"] == "86"
    # Disagreements between text and table stay as printed.
    assert (by_id["no_txt_age_mean"]["value"], by_id["no_t1_age_mean"]["value"]) == ("45.5", "45")
    higher = val(by_id, "no_t1_education_higher_up_to_3_years_pct") + val(
        by_id, "no_t1_education_higher_over_3_years_pct"
    )
    assert higher == 77
    assert by_id["no_txt_higher_education_pct"]["value"] == "62"
    assert by_id["no_txt_higher_education_pct"]["value_as_printed"] == "Sixty-two percent"


def test_text_summary_percentages_match_table2_sums(by_id):
    def pct_sum(item, responses):
        return sum(val(by_id, f"no_t2_{item}_{r}_pct") for r in responses)

    assert pct_sum("satisfaction", ["4", "5"]) == val(by_id, "no_txt_satisfied_pct") == 99
    assert pct_sum("useful_overall", ["4", "5"]) == val(by_id, "no_txt_useful_pct") == 89
    assert pct_sum("preferred_timing", ["2_months_earlier", "1_month_earlier"]) == 36
    assert val(by_id, "no_txt_prefer_earlier_pct") == 36


def test_response_rate_as_printed(by_id):
    assert by_id["no_txt_response_rate"]["value"] == "62.2"
    assert (
        round(
            100
            * val(by_id, "no_txt_questionnaire_respondents")
            / val(by_id, "no_txt_completed_both_sessions"),
            1,
        )
        == 62.2
    )


def test_key_text_numbers_present(by_id):
    expected = {
        "no_txt_caseworkers_trained": "9",
        "no_txt_caseworkers_delivering_after": "4",
        "no_txt_substitute_caseworkers": "5",
        "no_txt_fg_duration_min": "81",
        "no_txt_fg_duration_max": "89",
        "no_txt_recorded_sessions": "20",
        "no_txt_threshold_technical": "3",
        "no_txt_threshold_relational": "4",
        "no_txt_stata_version": "15.1",
        "no_txt_norway_sickness_absence_rate": "5.9",
        "se_txt_ssia_sickness_officials": "3500",
        "se_txt_interview_duration_min": "45",
        "se_txt_interview_duration_max": "60",
    }
    for row_id, value in expected.items():
        assert by_id[row_id]["value"] == value, row_id
    assert by_id["no_txt_stata_version"]["statistic"] == "version"


# ---------------------------------------------------------------- data package


@pytest.fixture(scope="module")
def package() -> dict:
    with open(DATAPACKAGE, encoding="utf-8") as fh:
        return json.load(fh)


def _numbers_resource(package: dict) -> dict:
    matches = [r for r in package["resources"] if r.get("path") == "published/numbers.csv"]
    assert len(matches) == 1
    return matches[0]


def test_datapackage_top_level(package):
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "mibook-data"
    assert isinstance(package["resources"], list)


def test_datapackage_resource_lists_csv_columns_in_order(package, header):
    resource = _numbers_resource(package)
    assert resource["profile"] == "tabular-data-resource"
    assert resource["format"] == "csv"
    assert resource["encoding"] == "utf-8"
    assert resource["description"].strip()
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == header
    assert all(f["type"] == "string" for f in fields)
    assert all(f.get("description", "").strip() for f in fields)
    assert resource["schema"]["primaryKey"] == "id"
