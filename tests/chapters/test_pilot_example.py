"""The worked example of the rerun guide (``book/examples/``): the sample and satisfaction chapters
on a survey tool's CSV and on its SPSS twin, read with the example's codebook.

Expected counts come from the raw CSV, read here with the csv module, not through the code under
test."""

from __future__ import annotations

import csv

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from mibook import paths  # noqa: E402
from mibook.chapters import notes  # noqa: E402
from mibook.chapters import sample_characteristics as sample  # noqa: E402
from mibook.chapters import satisfaction_timing as satisfaction  # noqa: E402

EXAMPLES = paths.ROOT / "book" / "examples"
CODEBOOK = EXAMPLES / "pilot_codebook.yaml"
TABLES = (
    "sample_characteristics.csv",
    "sample_age.csv",
    "satisfaction.csv",
    "timing.csv",
    "items.csv",
    "item_missing.csv",
)
DONT_KNOW = {"Vet ikke", "Ønsker ikke å oppgi"}
ITEM_HEADINGS = {
    "satisfaction": "Q1 Alt i alt fornøyd med samtalene",
    "useful_first": "Q2 Første samtale var nyttig",
    "useful_second": "Q3 Andre samtale var nyttig",
    "useful_overall": "Q4 Samtalene var nyttige",
    "confidence_return": "Q7 Trygg på å komme tilbake i arbeid (1–7)",
}
MAPPED_HEADINGS = [
    "Kjønn",
    "Alder",
    "Utdanning",
    "Sykmeldt ved første samtale",
    *ITEM_HEADINGS.values(),
    "Q5 Tidspunktet passet",
    "Q6 Beste tidspunkt",
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _run_both(source, folder, codebook=""):
    folder.mkdir()
    chapters = (
        sample.run(str(source) if source else "", str(folder), codebook_yaml=str(codebook or "")),
        satisfaction.run(
            str(source) if source else "", str(folder), codebook_yaml=str(codebook or "")
        ),
    )
    import matplotlib.pyplot as plt

    plt.close("all")
    return chapters


@pytest.fixture(scope="module")
def pilot(tmp_path_factory):
    root = tmp_path_factory.mktemp("pilot")
    return {
        suffix: (
            root / suffix,
            *_run_both(EXAMPLES / f"pilot_survey.{suffix}", root / suffix, CODEBOOK),
        )
        for suffix in ("csv", "sav")
    }


@pytest.fixture(scope="module")
def raw():
    with open(EXAMPLES / "pilot_survey.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_csv_and_sav_give_byte_identical_tables(pilot):
    csv_dir, sav_dir = pilot["csv"][0], pilot["sav"][0]
    assert sorted(p.name for p in csv_dir.iterdir()) == sorted(TABLES)
    for name in TABLES:
        assert (csv_dir / name).read_bytes() == (sav_dir / name).read_bytes(), name


def test_items_table_lists_every_point_of_each_items_own_scale(pilot):
    items = pd.read_csv(pilot["csv"][0] / "items.csv", keep_default_na=False)
    assert list(items.columns) == [
        "item",
        "text",
        "response",
        "label",
        "n",
        "denominator",
        "percent",
    ]
    assert items["item"].unique().tolist() == list(ITEM_HEADINGS)
    seven = items[items["item"] == "confidence_return"]
    assert seven["response"].tolist() == list(range(1, 8)) and len(seven) == 7
    assert seven["text"].iloc[0].startswith("I feel confident about returning to work")
    satisfied = items[items["item"] == "satisfaction"]
    assert satisfied["label"].tolist() == [
        "Helt uenig",
        "Litt uenig",
        "Verken eller",
        "Litt enig",
        "Helt enig",
    ]
    for _, part in items.groupby("item"):
        assert part["n"].sum() == part["denominator"].iloc[0]


def test_item_missing_counts_dont_know_apart_from_blanks(pilot, raw):
    missing = pd.read_csv(pilot["csv"][0] / "item_missing.csv").set_index("item")
    assert missing.index.tolist() == list(ITEM_HEADINGS)
    assert ((missing["answered"] + missing["dont_know"] + missing["blank"]) == 80).all()
    for item, heading in ITEM_HEADINGS.items():
        cells = [row[heading].strip() for row in raw]
        assert missing.loc[item, "dont_know"] == sum(c in DONT_KNOW for c in cells), item
        assert missing.loc[item, "blank"] == sum(c == "" for c in cells), item
    assert missing["dont_know"].sum() > 0 and missing["blank"].sum() > 0
    items = pd.read_csv(pilot["csv"][0] / "items.csv")
    denominators = items.groupby("item", sort=False)["denominator"].first()
    assert denominators.to_dict() == missing["answered"].to_dict()


def test_higher_education_share_is_over_those_who_answered_education(pilot, raw):
    numbers = pilot["csv"][1].numbers
    cells = [row["Utdanning"].strip() for row in raw]
    answered = [c for c in cells if c and c not in DONT_KNOW]
    higher = [c for c in answered if c.startswith("Høyskole/universitet")]
    assert "Grunnskole" in answered  # the extra category counts in the denominator
    assert numbers["higher_education_n"] == len(higher)
    assert numbers["higher_education_pct"] == pytest.approx(100 * len(higher) / len(answered))
    women = [row["Kjønn"].strip() for row in raw]
    assert numbers["women_n"] == women.count("Kvinne")
    assert numbers["women_denominator"] == women.count("Kvinne") + women.count("Mann")
    assert numbers["n_respondents"] == 80


def test_education_rows_follow_the_codebooks_categories(pilot, raw):
    table = pd.read_csv(pilot["csv"][0] / "sample_characteristics.csv", keep_default_na=False)
    education = table[table["variable"] == "education"]
    assert education["category"].tolist() == [
        "primary_school",
        "high_school",
        "higher_up_to_3_years",
        "higher_over_3_years",
    ]
    assert education["n"].iloc[0] == sum(row["Utdanning"] == "Grunnskole" for row in raw)
    gender = table[table["variable"] == "gender"]
    assert gender["category"].tolist() == ["female", "male", "dont_know"]
    assert gender["percent"].iloc[-1] == ""  # outside the denominator: no percent
    declined = sum(row["Kjønn"] in DONT_KNOW for row in raw)
    assert gender["n"].iloc[-1] == declined
    assert gender["denominator"].iloc[0] == 80 - declined - sum(row["Kjønn"] == "" for row in raw)


def test_the_report_says_how_many_answers_were_dont_know(pilot, raw):
    note = notes.respondents_provenance_note(pilot["csv"][1].data)
    total = sum(row[heading].strip() in DONT_KNOW for row in raw for heading in MAPPED_HEADINGS)
    assert total > 0
    assert f"The file holds {total} answer(s) given as \u201cdon't know\u201d or declined" in note
    # the item's own wording (MyST-escaped in the note, so read without the backslashes)
    assert "All in all, I was satisfied with the conversations" in note.replace("\\", "")
    assert "/work/" not in note and "/tmp/" not in note


def test_the_books_own_data_has_item_tables_and_no_dont_know_rows(tmp_path):
    _run_both("", tmp_path / "tables")
    folder = tmp_path / "tables"
    for name in TABLES:
        assert (folder / name).exists(), name
        assert "dont_know" not in (folder / name).read_text(encoding="utf-8").split("\n", 1)[1]
    missing = pd.read_csv(folder / "item_missing.csv")
    assert missing["item"].tolist() == list(ITEM_HEADINGS)[:4]
    assert (missing["dont_know"] == 0).all()
    assert (missing["answered"] + missing["blank"] == 112).all()
    items = pd.read_csv(folder / "items.csv")
    assert len(items) == 4 * 5
