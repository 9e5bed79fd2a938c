"""Every sentence of a report is true for any valid data (issue 15): the three report chapter
functions on deliberately unlike files.

Each case is a CSV file written here (all one answer; n = 3; n = 1; no missing; one item all
blank and whole columns absent; one item all "don't know"; shares near 0 %, exactly 50 % and near
100 %; a share and a mean a hair's breadth from the published ones; a codebook with only a 0–10
and a 1–7 item). For each, ``sample_characteristics.report``, ``satisfaction_timing.report`` and
``comparison.report`` must raise nothing and warn nothing (a warning would show as stderr in the
report's notebook), and every number in their sentences is checked against a count made here
from the rows written: each sentence is matched by a pattern, its numbers compared with the
independent count, and nothing may be left over unmatched.

The published side comes from ``data/published/numbers.csv`` read with the csv module, the
intervals from the by-hand formulas of :mod:`tests.independent_stats`.
"""

from __future__ import annotations

import csv
import math
import re
import statistics
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import pytest
import yaml

matplotlib.use("Agg")

from mibook import paths  # noqa: E402
from mibook.chapters import comparison, notes  # noqa: E402
from mibook.chapters import sample_characteristics as sample  # noqa: E402
from mibook.chapters import satisfaction_timing as satisfaction  # noqa: E402
from tests.independent_stats import (  # noqa: E402
    newcombe,
    published_age,
    published_shares,
    score_p,
    welch,
    wilson,
)

HEADER = [
    "respondent_id",
    "gender",
    "age",
    "education",
    "sick_leave_length",
    "satisfaction",
    "useful_first",
    "useful_second",
    "useful_overall",
    "timing_appropriate",
    "preferred_timing",
]
ITEMS = ["satisfaction", "useful_first", "useful_second", "useful_overall"]
EARLIER = {"2_months_earlier", "1_month_earlier"}
#: How the sentences name the codes (lower-cased labels), written out here.
CODE_WORDS = {
    "female": "female",
    "male": "male",
    "high_school": "high school",
    "higher_up_to_3_years": "college/university up to 3 years",
    "higher_over_3_years": "university more than 3 years",
    "lt_2m": "less than 2 months",
    "2_4m": "2–4 months",
    "4_6m": "4–6 months",
    "6_8m": "6–8 months",
    "gt_8m": "more than 8 months",
}
SCALE_1_5 = {"scale": [1, 5]}


#: How a summary adds the "don't know" answers to a question nobody answered on its scale.
DONT_KNOW_WORDS = r"(?: \((\d+) answered “don't know” or declined\))?"


@dataclass
class Case:
    """A respondents file: its rows (dicts, "" for blank) and, optionally, a codebook."""

    rows: list[dict]
    header: list[str] = field(default_factory=lambda: list(HEADER))
    codebook: dict | None = None
    dont_know: tuple[str, ...] = ()

    def items(self) -> list[dict]:
        """The Likert items: the codebook's, else the book's four with their wording."""
        if self.codebook is not None:
            return [{"scale": [1, 5], **i} for i in self.codebook["respondents"]["items"]]
        return BOOK_ITEMS

    def unknown(self, column: str) -> int:
        """How many answered "don't know" (a codebook's missing answer) to ``column``."""
        if column not in self.header:
            return 0
        return sum(str(r.get(column, "")) in self.dont_know for r in self.rows if self.dont_know)

    def answered(self, column: str) -> list[str]:
        if column not in self.header:
            return []
        return [
            str(r.get(column, ""))
            for r in self.rows
            if str(r.get(column, "")) not in ("", *self.dont_know)
        ]


def _book_items() -> list[dict]:
    book = yaml.safe_load((paths.ROOT / "data" / "codebook.yaml").read_text(encoding="utf-8"))
    return [
        {"name": i["name"], "text": i["text"], "scale": i.get("scale", [1, 5])}
        for i in book["respondents"]["items"]
    ]


BOOK_ITEMS = _book_items()


def row(i: int, **cells) -> dict:
    return {"respondent_id": f"R{i:04d}", **cells}


def full(i: int, gender, age, education, sick, items, timing, preferred) -> dict:
    return row(
        i,
        gender=gender,
        age=age,
        education=education,
        sick_leave_length=sick,
        **dict(zip(ITEMS, items)),
        timing_appropriate=timing,
        preferred_timing=preferred,
    )


def shares_case(n: int, k: int) -> Case:
    """n respondents of whom k are women, agree on every item (5, the others 1), found the
    timing appropriate and would have preferred earlier sessions."""
    return Case(
        [
            full(
                i,
                "female" if i < k else "male",
                30 + i % 30,
                "high_school" if i < k else "higher_over_3_years",
                "lt_2m" if i < k else "gt_8m",
                [5 if i < k else 1] * 4,
                "yes" if i < k else "no",
                "1_month_earlier" if i < k else "good",
            )
            for i in range(n)
        ]
    )


CODES = {
    "gender": ["female", "male"],
    "education": ["high_school", "higher_up_to_3_years", "higher_over_3_years"],
    "sick_leave_length": ["lt_2m", "2_4m", "4_6m", "6_8m", "gt_8m"],
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


def no_missing(n: int = 20) -> Case:
    return Case(
        [
            full(
                i,
                CODES["gender"][i % 2],
                20 + (7 * i) % 45,
                CODES["education"][i % 3],
                CODES["sick_leave_length"][(2 * i) % 5],
                [1 + (i + j) % 5 for j in range(4)],
                CODES["timing_appropriate"][(i // 3) % 2],
                CODES["preferred_timing"][i % 6],
            )
            for i in range(n)
        ]
    )


def one_item_all_missing() -> Case:
    """useful_second blank in every row; the columns education and useful_first absent."""
    base = no_missing(12)
    header = [h for h in HEADER if h not in ("education", "useful_first")]
    rows = []
    for r in base.rows:
        r = {k: v for k, v in r.items() if k in header}
        r["useful_second"] = ""
        rows.append(r)
    return Case(rows, header)


def all_dont_know() -> Case:
    """satisfaction is "Vet ikke" in every row (the codebook's missing answer); gender too for
    half of the rows."""
    base = no_missing(10)
    for i, r in enumerate(base.rows):
        r["satisfaction"] = "Vet ikke"
        if i % 2:
            r["gender"] = "Vet ikke"
    items = [{"name": i["name"], "text": i["text"], "scale": [1, 5]} for i in BOOK_ITEMS]
    return Case(
        base.rows,
        codebook={"respondents": {"missing": ["Vet ikke"], "items": items}},
        dont_know=("Vet ikke",),
    )


def all_blank() -> Case:
    return Case([row(i, **{h: "" for h in HEADER[1:]}) for i in range(4)])


def close_to_published() -> Case:
    """208 women of 333 (62.46 % against 62.5 %) and a mean age of 44.98 (against 45): the
    differences round to zero at one decimal."""
    rows = []
    for i in range(333):
        age = (44 if i == 0 else 45) if i < 50 else ""
        rows.append(row(i, gender="female" if i < 208 else "male", age=age))
    return Case(rows, ["respondent_id", "gender", "age"])


def other_scales(n: int) -> Case:
    """A codebook with a 0–10 and a 1–7 item only (nothing to compare with Table 2)."""
    codebook = {
        "respondents": {
            "items": [
                {
                    "name": "recommend",
                    "text": "Would you recommend the sessions?",
                    "scale": [0, 10],
                },
                {"name": "confidence", "text": "Confidence about returning", "scale": [1, 7]},
            ]
        }
    }
    rows = [
        row(i, gender=CODES["gender"][i % 2], recommend=(3 * i) % 11, confidence=1 + (5 * i) % 7)
        for i in range(n)
    ]
    return Case(rows, ["respondent_id", "gender", "recommend", "confidence"], codebook)


CASES = {
    "all_one_answer": Case(
        [
            full(i, "female", 40, "high_school", "lt_2m", [5] * 4, "yes", "2_months_earlier")
            for i in range(8)
        ]
    ),
    # 25 of 25: the Newcombe interval of the timing share starts at −0.048 points
    "all_one_answer_25": Case(
        [
            full(i, "male", 51, "higher_over_3_years", "gt_8m", [4] * 4, "yes", "good")
            for i in range(25)
        ]
    ),
    "n3": Case(
        [
            full(0, "female", 34, "high_school", "lt_2m", [5, 4, 2, 3], "yes", "good"),
            full(1, "male", 51, "higher_up_to_3_years", "2_4m", [2, 4, 5, 1], "no", "good"),
            full(
                2,
                "female",
                47,
                "higher_over_3_years",
                "gt_8m",
                [4, 1, 5, 5],
                "yes",
                "1_month_later",
            ),
        ]
    ),
    "n1": Case([full(0, "male", 58, "high_school", "6_8m", [3, 4, 5, 2], "no", "2_months_later")]),
    "no_missing": no_missing(),
    "one_item_all_missing": one_item_all_missing(),
    "all_dont_know": all_dont_know(),
    "all_blank": all_blank(),
    "near_0": shares_case(200, 1),
    "exactly_50": shares_case(20, 10),
    "near_100": shares_case(200, 199),
    "close_to_published": close_to_published(),
    "other_scales": other_scales(15),
    "other_scales_n1": other_scales(1),
}


def write_case(case: Case, folder: Path) -> tuple[str, str]:
    """The case as ``folder/respondents.csv`` (and ``codebook.yaml``); their paths as strings
    (empty for no codebook)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "respondents.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(case.header)
        for r in case.rows:
            writer.writerow([r.get(h, "") for h in case.header])
    book = ""
    if case.codebook is not None:
        book = str(folder / "codebook.yaml")
        Path(book).write_text(yaml.safe_dump(case.codebook, allow_unicode=True), encoding="utf-8")
    return str(data), book


def quietly(function, *args):
    """Call ``function``; fail on any warning it gives (shown as stderr in a notebook)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args)
    assert not caught, "warnings: " + "; ".join(
        f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in caught
    )
    return result


@pytest.fixture(autouse=True)
def _close_figures():
    """No figure left open by an earlier test (more than 20 would warn inside ``quietly``)."""
    import matplotlib.pyplot as plt

    plt.close("all")
    yield
    plt.close("all")


# --- reading the sentences ----------------------------------------------------------------------

NUMBER = r"−?\d+(?:\.\d+)?"
BAD_WORDS = re.compile(r"\bnan\b|\bNone\b|\binf\b|[−-]0\.0+(?![\d])", re.I)
PLURAL_AFTER_ONE = re.compile(
    r"(?<![\d.,])1 (people|rows|respondents|answers|themes|sessions|persons|women|studies)\b"
)


def plain(markdown: str) -> str:
    """MyST as a reader sees it: escapes, emphasis and code marks taken out."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    return text


def num(text: str) -> float:
    return float(text.replace("−", "-"))


def within(shown: str, value: float, decimals: int = 1) -> bool:
    """Whether the printed ``shown`` is ``value`` rounded to ``decimals`` (either direction at a
    tie)."""
    return abs(num(shown) - value) <= 0.5 * 10**-decimals + 1e-9


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph: split after a full stop followed by a space and a capital,
    a digit or an opening quote (not inside "et al. 2021" or "vs.")."""
    parts = re.split(r"(?<=[.])\s+(?=[A-Z0-9“*])(?<!al\. )", paragraph.strip())
    return [p.strip() for p in parts if p.strip()]


def check_text_hygiene(text: str, where: str):
    assert not BAD_WORDS.search(text), f"{where}: {BAD_WORDS.search(text).group(0)!r} in {text!r}"
    bad = PLURAL_AFTER_ONE.search(text)
    assert not bad, f"{where}: {bad.group(0)!r} (a plural after 1) in {text!r}"


# --- sample characteristics -------------------------------------------------------------------


def check_sample_summary(summary: str, case: Case):
    n_rows = len(case.rows)
    text = plain(summary)
    left = []
    for s in sentences(text):
        if m := re.fullmatch(r"(\d+) (people|person) answered the questionnaire\.", s):
            assert int(m[1]) == n_rows
            assert m[2] == ("person" if n_rows == 1 else "people")
        elif m := re.fullmatch(
            r"Of the (\d+) who gave their gender, (\d+) \((\S+) %\) were women\.", s
        ):
            genders = case.answered("gender")
            assert int(m[1]) == len(genders) and len(genders) > 1
            assert int(m[2]) == genders.count("female")
            assert within(m[3], 100 * genders.count("female") / len(genders))
        elif m := re.fullmatch(r"The one gender given was \*(\w+)\*\.", s):
            assert case.answered("gender") == [m[1]]
        elif s == "Nobody gave their gender.":
            assert case.answered("gender") == []
        elif m := re.fullmatch(r"One age was recorded: (\d+) years\.", s):
            assert [int(a) for a in case.answered("age")] == [int(m[1])]
        elif m := re.fullmatch(
            rf"The (\d+) with a recorded age were ({NUMBER}) years old on average "
            rf"\(SD ({NUMBER}); from (\d+) to (\d+)\)\.",
            s,
        ):
            ages = [int(a) for a in case.answered("age")]
            assert int(m[1]) == len(ages) > 1
            assert within(m[2], statistics.mean(ages))
            assert within(m[3], statistics.stdev(ages))
            assert (int(m[4]), int(m[5])) == (min(ages), max(ages))
        elif m := re.fullmatch(
            r"The most common (education|sick leave) (?:answer was|answers were) (.+?)( each)?: "
            r"(\d+) of the (\d+) who answered \((\S+) %\)\.",
            s,
        ):
            column = {"education": "education", "sick leave": "sick_leave_length"}[m[1]]
            answers = case.answered(column)
            counts = {c: answers.count(c) for c in set(answers)}
            top = max(counts.values())
            named = re.findall(r"\*(.+?)\*", m[2])
            assert sorted(named) == sorted(CODE_WORDS[c] for c, k in counts.items() if k == top)
            assert bool(m[3]) == (len(named) > 1)
            assert int(m[4]) == top and int(m[5]) == len(answers)
            assert within(m[6], 100 * top / len(answers))
        elif m := re.fullmatch(r"Nobody answered the question on (education|sick leave)\.", s):
            column = {"education": "education", "sick leave": "sick_leave_length"}[m[1]]
            assert case.answered(column) == []
        else:
            left.append(s)
    assert not left, f"sentences no check knows: {left}"
    check_text_hygiene(text, "sample summary")


# --- satisfaction and timing ------------------------------------------------------------------


def check_share_words(count_text, pct, n_text, low, high, count: int, n: int):
    assert int(count_text) == count and int(n_text) == n
    assert within(pct, 100 * count / n)
    wl, wh = wilson(count, n)
    assert within(low, 100 * wl) and within(high, 100 * wh), (low, high, wl, wh)


SHARE_WORDS = rf"(\S+) % of the (\d+) who answered \(95 % CI ({NUMBER}) to ({NUMBER})\)"


def check_satisfaction_summary(summary: str, case: Case):
    text = plain(summary)
    items = {i["text"] or i["name"]: i for i in case.items()}
    seen_items, left = [], []
    for s in sentences(text):
        if m := re.fullmatch(rf"“(.+)”: (\d+) answered 4 or 5, {SHARE_WORDS}\.", s):
            item = items[m[1]]
            assert item["scale"] == [1, 5]
            answers = case.answered(item["name"])
            agree = sum(a in ("4", "5") for a in answers)
            check_share_words(m[2], m[3], m[4], m[5], m[6], agree, len(answers))
            seen_items.append(item["name"])
        elif m := re.fullmatch(
            rf"No answer on the scale was given to “(.+)”{DONT_KNOW_WORDS}\.", s
        ):
            item = items[m[1]]
            assert case.answered(item["name"]) == []
            assert int(m[2] or 0) == case.unknown(item["name"])
            seen_items.append(item["name"])
        elif m := re.fullmatch(
            rf"“(.+)” \(scale (\d+)–(\d+)\): (\d+) answers, median ({NUMBER}), "
            r"from (\d+) to (\d+)\.",
            s,
        ):
            item = items[m[1]]
            assert [int(m[2]), int(m[3])] == item["scale"] != [1, 5]
            answers = [int(a) for a in case.answered(item["name"])]
            assert int(m[4]) == len(answers) > 1
            assert num(m[5]) == statistics.median(answers)
            assert (int(m[6]), int(m[7])) == (min(answers), max(answers))
            seen_items.append(item["name"])
        elif m := re.fullmatch(r"“(.+)” \(scale (\d+)–(\d+)\): the one answer was (\d+)\.", s):
            item = items[m[1]]
            assert [int(m[2]), int(m[3])] == item["scale"] != [1, 5]
            assert case.answered(item["name"]) == [m[4]]
            seen_items.append(item["name"])
        elif m := re.fullmatch(
            rf"(\d+) found the timing of the sessions appropriate: {SHARE_WORDS}\.", s
        ):
            answers = case.answered("timing_appropriate")
            check_share_words(m[1], m[2], m[3], m[4], m[5], answers.count("yes"), len(answers))
        elif m := re.fullmatch(
            rf"No one said whether the timing was appropriate{DONT_KNOW_WORDS}\.", s
        ):
            assert case.answered("timing_appropriate") == []
            assert int(m[1] or 0) == case.unknown("timing_appropriate")
        elif m := re.fullmatch(
            rf"(\d+) would have preferred the sessions one or two months earlier: {SHARE_WORDS}\.",
            s,
        ):
            answers = case.answered("preferred_timing")
            earlier = sum(a in EARLIER for a in answers)
            check_share_words(m[1], m[2], m[3], m[4], m[5], earlier, len(answers))
        elif m := re.fullmatch(
            rf"No one said when the sessions would have been best{DONT_KNOW_WORDS}\.", s
        ):
            assert case.answered("preferred_timing") == []
            assert int(m[1] or 0) == case.unknown("preferred_timing")
        else:
            left.append(s)
    assert not left, f"sentences no check knows: {left}"
    assert seen_items == [i["name"] for i in case.items()], "one sentence per item, in order"
    check_text_hygiene(text, "satisfaction summary")


# --- compared with the published study ----------------------------------------------------------


def expected_benchmark(case: Case) -> dict[str, dict]:
    """Measure -> the independent values of its benchmark row, for the measures the data give."""
    published = published_shares()
    out = {}
    # in the order of the chapters' sentences: women (then age, below), the items, the timing
    mine = {"female": (case.answered("gender").count("female"), len(case.answered("gender")))}
    for item in case.items():
        target = item.get("compare_with") or (item["name"] if item["name"] in ITEMS else None)
        if target and item["scale"] == [1, 5]:
            answers = case.answered(item["name"])
            mine[item["name"]] = (sum(a in ("4", "5") for a in answers), len(answers))
            published[item["name"]] = published[target]
    mine["timing_appropriate"] = (
        case.answered("timing_appropriate").count("yes"),
        len(case.answered("timing_appropriate")),
    )
    mine["preferred_earlier"] = (
        sum(a in EARLIER for a in case.answered("preferred_timing")),
        len(case.answered("preferred_timing")),
    )
    for measure, (c, n) in mine.items():
        if not n:
            continue
        c2, n2 = published[measure]
        low, high = newcombe(c, n, c2, n2)
        out[measure] = {
            "kind": "share",
            "this": 100 * c / n,
            "this_n": n,
            "other": 100 * c2 / n2,
            "other_n": n2,
            "difference": 100 * c / n - 100 * c2 / n2,
            "ci": (low, high),
            "p": score_p(c, n, c2, n2),
        }
    ages = [int(a) for a in case.answered("age")]
    if ages:
        m2, s2, n2 = published_age()
        m = statistics.mean(ages)
        result = welch(m, statistics.stdev(ages), len(ages), m2, s2, n2) if len(ages) > 1 else None
        out["age"] = {
            "kind": "mean",
            "this": m,
            "this_n": len(ages),
            "other": m2,
            "other_n": n2,
            "difference": m - m2,
            "ci": (result["ci_low"], result["ci_high"]) if result else None,
            "p": result["p_value"] if result else math.nan,
        }
    return out


def measure_of(label: str, case: Case) -> str:
    fixed = {
        "Women": "female",
        "Age (years)": "age",
        "Timing appropriate (yes)": "timing_appropriate",
        "Would have preferred the sessions one or two months earlier": "preferred_earlier",
    }
    if label in fixed:
        return fixed[label]
    text = label.removeprefix("Answered 4 or 5: ")
    return next(i["name"] for i in case.items() if (i["text"] or i["name"]) == text)


TAIL = (
    rf": (?:(?P<size>{NUMBER}) (?P<unit>points|years) (?P<direction>higher|lower)"
    rf"|a difference of (?P<difference>{NUMBER}) (?P<unit2>points|years), and the interval "
    r"includes no difference) "
    rf"\(95 % CI (?P<low>{NUMBER}) to (?P<high>{NUMBER}), (?P<p>p < 0\.001|p = \d\.\d{{3}})\)\."
    r"|: the difference cannot be estimated from these numbers\."
)


def check_compared(text_md: str, case: Case, measures: set[str]):
    """The "compared with the published study" sentences of one chapter: one per measure the
    data give, each number right, the direction said only when the interval excludes 0."""
    text = plain(text_md)
    expected = {k: v for k, v in expected_benchmark(case).items() if k in measures}
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if not expected:
        assert paragraphs == [
            "The data give no measure that the published study reports as well, so there is "
            "nothing to compare."
        ]
        return
    assert paragraphs[0].startswith("These comparisons assume that the questions were asked")
    said = []
    for paragraph in paragraphs[1:]:
        m = re.fullmatch(
            rf"\*\*(?P<label>.+?)(?:\.|(?<=[?!]))\*\* "
            rf"(?:(?P<this>{NUMBER}) % of (?P<n>\d+) here against "
            rf"(?P<other>{NUMBER}) % of (?P<other_n>\d+)|A mean of (?P<mean>{NUMBER}) here "
            rf"\(n = (?P<mean_n>\d+)\) against (?P<other_mean>{NUMBER}) "
            rf"\(n = (?P<mean_other_n>\d+)\))"
            rf" in (?P<source>Foldal et al\. 2021, (?:Table [12]: .+?|Results \(mean age\) and "
            rf"Table 1 \(SD\)))(?:{TAIL})",
            paragraph,
        )
        assert m, f"a sentence no check knows: {paragraph!r}"
        measure = measure_of(m["label"], case)
        e = expected[measure]
        said.append(measure)
        if e["kind"] == "share":
            assert m["this"] and within(m["this"], e["this"]) and int(m["n"]) == e["this_n"]
            assert within(m["other"], e["other"]) and int(m["other_n"]) == e["other_n"]
        else:
            assert m["mean"] and within(m["mean"], e["this"]) and int(m["mean_n"]) == e["this_n"]
            assert within(m["other_mean"], e["other"]) and int(m["mean_other_n"]) == e["other_n"]
        if e["ci"] is None:
            assert paragraph.endswith("the difference cannot be estimated from these numbers.")
            continue
        low, high = e["ci"]
        assert m["low"] is not None, f"{measure}: no interval in {paragraph!r}"
        assert within(m["low"], low) and within(m["high"], high), (paragraph, low, high)
        if low > 0 or high < 0:
            assert m["direction"] == ("higher" if low > 0 else "lower"), paragraph
            assert within(m["size"], abs(e["difference"]))
        else:
            assert m["direction"] is None, f"{measure}: a direction although {low} ≤ 0 ≤ {high}"
            assert within(m["difference"], e["difference"])
        p = e["p"]
        if math.isnan(p):  # shares both 0 % or both 100 %: no evidence of a difference
            p = 1.0
        if m["p"] == "p < 0.001":
            assert p < 0.001
        else:
            assert abs(num(m["p"].removeprefix("p = ")) - p) <= 0.0005 + 1e-12, (m["p"], p)
    assert said == [k for k in expected], f"measures said {said}, expected {list(expected)}"
    check_text_hygiene(text, "compared")


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_sample_report_tells_the_truth(name, tmp_path):
    case = CASES[name]
    data, book = write_case(case, tmp_path / "in")
    report = quietly(sample.report, data, str(tmp_path / "out"), book)
    check_sample_summary(report.summary, case)
    check_compared(report.compared["text"], case, {"female", "age"})
    if report.compared["table"] is not None:
        shown = report.compared["table"].to_string()
        assert not re.search(r"\bnan\b|\bNone\b", shown, re.I), shown


@pytest.mark.parametrize("name", list(CASES))
def test_satisfaction_report_tells_the_truth(name, tmp_path):
    case = CASES[name]
    data, book = write_case(case, tmp_path / "in")
    report = quietly(satisfaction.report, data, str(tmp_path / "out"), book)
    check_satisfaction_summary(report.summary, case)
    items = {i["name"] for i in case.items()}
    check_compared(
        report.compared["text"], case, items | {"timing_appropriate", "preferred_earlier"}
    )
    for scale, table in report.items.items():
        assert not re.search(r"\bnan\b|\bNone\b", table.to_string(), re.I), (scale, table)
    assert not re.search(r"\bnan\b|\bNone\b", report.timing.to_string(), re.I)


def test_the_cases_are_what_they_say():
    """Guards on the generated files: the shares are where the case names put them."""
    assert CASES["near_0"].answered("gender").count("female") / 200 == 0.005
    assert CASES["exactly_50"].answered("timing_appropriate").count("yes") == 10
    assert CASES["near_100"].answered("satisfaction").count("5") == 199
    assert len(CASES["n1"].rows) == 1 and len(CASES["n3"].rows) == 3
    assert all(all(str(v) != "" for v in r.values()) for r in CASES["no_missing"].rows)
    assert CASES["one_item_all_missing"].answered("useful_second") == []
    assert "education" not in CASES["one_item_all_missing"].header
    assert len({tuple(r.items()) for r in CASES["all_one_answer"].rows}) == 8
    assert (
        len(
            {
                tuple((k, v) for k, v in r.items() if k != "respondent_id")
                for r in CASES["all_one_answer"].rows
            }
        )
        == 1
    )
    women = CASES["close_to_published"].answered("gender").count("female") / 333
    assert -0.0005 < women - 70 / 112 < 0


def test_a_difference_that_rounds_to_zero_is_not_printed_as_minus_zero(tmp_path):
    """208 of 333 women against 70 of 112 is −0.04 points; a mean age of 44.98 against 45 is
    −0.02 years. The sentence must not say "a difference of −0.0"."""
    data, book = write_case(CASES["close_to_published"], tmp_path / "in")
    report = quietly(sample.report, data, str(tmp_path / "out"), book)
    text = plain(report.compared["text"])
    assert "−0.0 " not in text and "-0.0 " not in text, text
    shown = report.compared["table"].to_string()
    assert "−0.0 " not in shown and "-0.0 " not in shown, shown


# --- the comparison chapter ---------------------------------------------------------------------

COMPARISON_HEADER = ["study", "country", "re_aim_dimension", "theme", "kind", "finding", "source"]
SWEDEN, NORWAY = "Ståhl & Gustavsson 2018", "Foldal et al. 2021"


def book_themes() -> dict[str, set[str]]:
    """Each published study's barrier and facilitator themes, from the book's rows (csv)."""
    themes: dict[str, set[str]] = {SWEDEN: set(), NORWAY: set()}
    path = paths.ROOT / "data" / "comparison" / "studies.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["kind"].strip().lower() in ("barrier", "facilitator"):
                themes[r["study"].strip()].add(r["theme"].strip().lower())
    return themes


def c_row(study, theme, kind="barrier", dimension="adoption") -> list[str]:
    return [study, "Norway", dimension, theme, kind, f"A finding about {theme}.", "Interviews"]


COMPARISON_CASES = {
    "one_row": [c_row("Pilot", "workload")],
    "all_one_answer": [c_row("Pilot", "workload")] * 5,
    "facts_only": [c_row("Pilot", "staff", "fact"), c_row("Pilot", "budget", "fact", "context")],
    "none_shared": [c_row("Pilot", "parking"), c_row("Pilot", "weather", "facilitator")],
    "half_shared": [
        c_row("Pilot", "workload"),
        c_row("Pilot", "resources", "facilitator"),
        c_row("Pilot", "parking"),
        c_row("Pilot", "weather", "facilitator"),
    ],
    "all_shared": [
        c_row("Pilot", "workload"),
        c_row("Pilot", "training", "facilitator"),
        c_row("Pilot", "motivation", "facilitator"),
    ],
    "two_studies_case_and_spaces": [
        c_row("Pilot A", " Workload "),
        c_row("Pilot A", "TRAINING", "facilitator"),
        c_row("Pilot B", "early_follow_up", "facilitator"),
        c_row("Pilot B", "parking", "fact"),
    ],
}


def write_comparison(rows: list[list[str]], folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "comparison.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([COMPARISON_HEADER, *rows])
    return str(path)


def check_shared_summary(summary: str, rows: list[list[str]]):
    text = plain(summary)
    check_text_hygiene(text, "comparison summary")
    published = book_themes()
    user_studies = list(dict.fromkeys(r[0].strip() for r in rows))
    themes = {
        s: {r[3].strip().lower() for r in rows if r[0].strip() == s and r[4] != "fact"}
        for s in user_studies
    }
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == len(user_studies), paragraphs
    for study, paragraph in zip(user_studies, paragraphs):
        mine = themes[study]
        if not mine:
            assert paragraph == (
                f"{study} has no row coded as a barrier or facilitator, so it shares no theme "
                "with the published studies."
            )
            continue
        m = re.fullmatch(
            r"(.+?) codes (\d+) (theme|themes) as barriers or facilitators\. Shared (.+)\.",
            paragraph,
        )
        assert m, paragraph
        assert m[1] == study and int(m[2]) == len(mine)
        assert m[3] == ("theme" if len(mine) == 1 else "themes")
        pieces = m[4].split("; ")
        assert len(pieces) == 2, pieces
        for piece, other in zip(pieces, (SWEDEN, NORWAY)):
            p = re.fullmatch(r"with (.+?), (\d+)(?: \((.+)\))?", piece)
            assert p and p[1] == other, piece
            both = mine & published[other]
            assert int(p[2]) == len(both), (piece, both)
            named = set(filter(None, (p[3] or "").split(", ")))  # the themes in words
            assert named == {comparison.theme_label(t) for t in both}, (piece, both)


@pytest.mark.parametrize("name", list(COMPARISON_CASES))
def test_comparison_report_tells_the_truth(name, tmp_path):
    rows = COMPARISON_CASES[name]
    path = write_comparison(rows, tmp_path / "in")
    report = quietly(comparison.report, path, str(tmp_path / "out"))
    check_shared_summary(report.summary, rows)
    assert len(report.user_rows) == len(rows)
    note = plain(comparison.user_note(report.chapter))
    check_text_hygiene(note, "comparison user note")
    m = re.search(r"this run adds (\d+) (rows?) from", note)
    assert m and int(m[1]) == len(rows), note
    assert m[2] == ("row" if len(rows) == 1 else "rows"), note
    with (tmp_path / "out" / "shared_themes.csv").open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    published = book_themes()
    for record in written:
        mine = {
            r[3].strip().lower() for r in rows if r[0].strip() == record["study"] and r[4] != "fact"
        }
        assert int(record["themes"]) == len(mine)
        both = mine & published[record["published_study"]]
        assert int(record["shared"]) == len(both)
        assert set(filter(None, record["shared_themes"].split("; "))) == both


# --- the notes shown beside the summaries ------------------------------------------------------


@pytest.mark.parametrize("name", ["n1", "n3", "all_dont_know", "one_item_all_missing"])
def test_the_provenance_note_counts_the_rows_in_words(name, tmp_path):
    """Shown under the summary of both questionnaire chapters of a report: "(1 row)" for one."""
    case = CASES[name]
    data, book = write_case(case, tmp_path / "in")
    report = quietly(sample.report, data, str(tmp_path / "out"), book)
    note = plain(notes.respondents_provenance_note(report.chapter.data))
    n = len(case.rows)
    assert f"({n} {'row' if n == 1 else 'rows'})" in note, note
    check_text_hygiene(note, "provenance note")


def test_an_item_answered_only_dont_know_is_not_said_to_be_unanswered(tmp_path):
    """Every respondent answered the satisfaction question with "Vet ikke" (the codebook's
    "don't know"). The summary must not say "Nobody answered" that question while the note
    beside it counts 10 "don't know" answers to it: it says how many answered "don't know"."""
    case = CASES["all_dont_know"]
    data, book = write_case(case, tmp_path / "in")
    report = quietly(satisfaction.report, data, str(tmp_path / "out"), book)
    wording = next(i["text"] for i in case.items() if i["name"] == "satisfaction")
    said = [s for s in sentences(plain(report.summary)) if wording in s]
    assert len(said) == 1, said
    assert not said[0].startswith(("Nobody answered", "No answer")) or "know" in said[0], said[0]
    assert "10" in said[0] and "know" in said[0], said[0]
