"""The codebook: its schema, and how problems in it are named."""

import pytest

from mibook import paths
from mibook.inputs.codebook import DEFAULT, Codebook, load_codebook, parse_codebook
from mibook.inputs.problems import InvalidInput


def refusal(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        parse_codebook(text, "cb.yaml")
    return [str(p) for p in err.value.problems]


def test_every_key_is_optional():
    assert parse_codebook("", "cb.yaml") == Codebook()
    assert parse_codebook("study: {title: X}\n", "cb.yaml").study.title == "X"


def test_the_books_own_codebook_is_valid_and_lists_the_four_items():
    book = load_codebook()
    assert [i.name for i in book.respondents.items] == [
        "satisfaction",
        "useful_first",
        "useful_second",
        "useful_overall",
    ]
    assert all(
        i.scale == (1, 5) and i.labels["Strongly agree"] == 5 for i in book.respondents.items
    )
    assert DEFAULT == paths.DATA / "codebook.yaml"


@pytest.mark.parametrize(
    "text, key, fragment",
    [
        ("respondents:\n  colums: {gender: X}\n", "respondents.colums", "no such key"),
        ("respondents:\n  columns: {gendr: X}\n", "respondents.columns.gendr", "'gender'"),
        ("studie: {title: X}\n", "studie", "no such key"),
        ("miti:\n  columns: {techincal: X}\n", "miti.columns.techincal", "'session_id'"),
        (
            "respondents:\n  items:\n    - {name: q7, scale: [1, 12]}\n",
            "respondents.items.0.scale",
            "2 to 11 points",
        ),
        (
            "respondents:\n  items:\n    - {name: Q7}\n",
            "respondents.items.0.name",
            "pattern",
        ),
        (
            "respondents:\n  items:\n    - {name: q7, scale: [1, 7], labels: {Top: 9}}\n",
            "respondents.items.0",
            "'Top'",
        ),
        (
            "respondents:\n  values: {education: {Grunnskole: primary_school}}\n",
            "respondents",
            "respondents.categories.education",
        ),
        (
            "miti_utterances:\n  values: {code: {Spm: QQ}}\n",
            "miti_utterances.values.code.Spm",
            "'question'",
        ),
    ],
)
def test_a_bad_key_names_the_file_and_the_key(text, key, fragment):
    lines = refusal(text)
    assert any(line.startswith(f"cb.yaml, key '{key}'") and fragment in line for line in lines), (
        lines
    )


def test_new_categories_make_new_codes_valid():
    book = parse_codebook(
        "respondents:\n  values: {education: {Grunnskole: primary_school}}\n"
        "  categories: {education: [primary_school, high_school]}\n",
        "cb.yaml",
    )
    assert book.respondents.codes("education") == ["primary_school", "high_school"]
    assert book.respondents.codes("gender") == ["female", "male"]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("respondents: [1, 2\n", "line"),
        ("respondents:\n\tcolumns: {}\n", "line 2"),
        ("- a\n- b\n", "a YAML mapping"),
        ("respondents:\n  missing: [a]\n  missing: [b]\n", "given twice"),
    ],
)
def test_malformed_yaml_is_refused_with_its_line(text, fragment):
    lines = refusal(text)
    assert lines and lines[0].startswith("cb.yaml") and fragment in " ".join(lines), lines


def test_a_missing_codebook_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(InvalidInput) as err:
        load_codebook(tmp_path / "none.yaml")
    assert "an existing codebook file" in str(err.value)


def test_item_defaults_and_published_counterpart():
    book = parse_codebook(
        "respondents:\n  items:\n    - {name: satisfaction, column: Q1}\n"
        "    - {name: trust, scale: [0, 10], compare_with: useful_overall}\n"
        "    - {name: energy}\n",
        "cb.yaml",
    )
    satisfaction, trust, energy = book.respondents.items
    assert satisfaction.heading == "Q1" and satisfaction.published_item == "satisfaction"
    assert trust.points == list(range(11)) and trust.published_item == "useful_overall"
    assert energy.heading == "energy" and energy.published_item is None
