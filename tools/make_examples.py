"""Write the worked example of the rerun guide: an invented MI pilot's survey export.

``book/examples/pilot_survey.csv`` is shaped like a survey tool's export from a Norwegian job
centre: semicolon-separated, the tool's own headings, Norwegian answer labels, "don't know"
answers, an education level the book's contract lacks, an extra 1-7 item and a comment column.
``pilot_survey.sav`` holds the same answers as an SPSS file with value and variable labels, and
``pilot_codebook.yaml`` is the codebook a person would write for both (after ``mibook codebook
draft``). The answers are invented and seeded; run ``python tools/make_examples.py`` to rewrite
the files byte for byte.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "book" / "examples"
SEED = 2025
N = 80

GENDER = {1: "Kvinne", 2: "Mann", 9: "Ønsker ikke å oppgi"}
EDUCATION = {
    1: "Grunnskole",
    2: "Videregående skole",
    3: "Høyskole/universitet inntil 3 år",
    4: "Høyskole/universitet mer enn 3 år",
}
SICK_LEAVE = {
    1: "Mindre enn 2 måneder",
    2: "2–4 måneder",
    3: "4–6 måneder",
    4: "6–8 måneder",
    5: "Mer enn 8 måneder",
}
AGREEMENT = {
    1: "Helt uenig",
    2: "Litt uenig",
    3: "Verken eller",
    4: "Litt enig",
    5: "Helt enig",
    8: "Vet ikke",
}
YES_NO = {1: "Ja", 2: "Nei", 8: "Vet ikke"}
BEST_TIME = {
    1: "2 måneder tidligere",
    2: "1 måned tidligere",
    3: "Passet bra",
    4: "1 måned senere",
    5: "2 måneder senere",
    6: "3–4 måneder senere",
}
COLUMNS = {  # SPSS variable name -> (the survey tool's heading, value labels)
    "id": ("Løpenr", None),
    "kjonn": ("Kjønn", GENDER),
    "alder": ("Alder", None),
    "utd": ("Utdanning", EDUCATION),
    "sykm": ("Sykmeldt ved første samtale", SICK_LEAVE),
    "q1": ("Q1 Alt i alt fornøyd med samtalene", AGREEMENT),
    "q2": ("Q2 Første samtale var nyttig", AGREEMENT),
    "q3": ("Q3 Andre samtale var nyttig", AGREEMENT),
    "q4": ("Q4 Samtalene var nyttige", AGREEMENT),
    "q5": ("Q5 Tidspunktet passet", YES_NO),
    "q6": ("Q6 Beste tidspunkt", BEST_TIME),
    "q7": ("Q7 Trygg på å komme tilbake i arbeid (1–7)", None),
    "kommentar": ("Kommentar", None),
}
COMMENTS = ["", "", "", "Nyttig å snakke med noen", "For kort tid", "Bra veileder", "", ""]


def answers(rng: np.random.Generator) -> pd.DataFrame:
    """The invented answers, as stored codes (NaN = left blank)."""

    def pick(codes, weights, n=N, blank=0.0):
        values = rng.choice(codes, size=n, p=np.asarray(weights) / sum(weights)).astype(float)
        values[rng.random(n) < blank] = np.nan
        return values

    frame = pd.DataFrame(
        {
            "id": [f"P{k + 1:03d}" for k in range(N)],
            "kjonn": pick([1, 2, 9], [52, 25, 3]),
            "alder": np.clip(np.rint(rng.normal(44, 10, N)), 19, 66),
            "utd": pick([1, 2, 3, 4], [6, 34, 22, 15], blank=0.04),
            "sykm": pick([1, 2, 3, 4, 5], [10, 38, 18, 8, 6], blank=0.03),
            "q1": pick([1, 2, 3, 4, 5, 8], [2, 4, 14, 30, 25, 5], blank=0.04),
            "q2": pick([1, 2, 3, 4, 5, 8], [3, 6, 18, 29, 20, 4], blank=0.05),
            "q3": pick([1, 2, 3, 4, 5, 8], [3, 5, 15, 30, 24, 3], blank=0.06),
            "q4": pick([1, 2, 3, 4, 5, 8], [2, 5, 14, 31, 25, 3], blank=0.04),
            "q5": pick([1, 2, 8], [55, 20, 5]),
            "q6": pick([1, 2, 3, 4, 5, 6], [10, 18, 40, 6, 3, 3], blank=0.05),
            "q7": pick([1, 2, 3, 4, 5, 6, 7], [2, 4, 8, 14, 20, 18, 14], blank=0.05),
            "kommentar": rng.choice(COMMENTS, size=N),
        }
    )
    frame.loc[frame.sample(2, random_state=SEED).index, "alder"] = np.nan
    return frame


def survey_csv(frame: pd.DataFrame) -> str:
    """The survey tool's export: labels for coded answers, its headings, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([heading for heading, _ in COLUMNS.values()])
    for record in frame.itertuples(index=False):
        row = []
        for (_, labels), value in zip(COLUMNS.values(), record):
            if isinstance(value, float) and np.isnan(value):
                row.append("")
            elif labels:
                row.append(labels[int(value)])
            elif isinstance(value, float):
                row.append(str(int(value)))
            else:
                row.append(value)
        writer.writerow(row)
    return buffer.getvalue()


CODEBOOK = """\
# The codebook of the worked example in the rerun guide (an invented pilot).
study:
  title: "Jobbsenter Vest: MI pilot 2025"
respondents:
  columns:
    respondent_id: "Løpenr"
    gender: "Kjønn"
    age: "Alder"
    education: "Utdanning"
    sick_leave_length: "Sykmeldt ved første samtale"
    timing_appropriate: "Q5 Tidspunktet passet"
    preferred_timing: "Q6 Beste tidspunkt"
  values:
    gender: {"Kvinne": female, "Mann": male}
    education:
      "Grunnskole": primary_school
      "Videregående skole": high_school
      "Høyskole/universitet inntil 3 år": higher_up_to_3_years
      "Høyskole/universitet mer enn 3 år": higher_over_3_years
    sick_leave_length:
      "Mindre enn 2 måneder": lt_2m
      "2–4 måneder": 2_4m
      "4–6 måneder": 4_6m
      "6–8 måneder": 6_8m
      "Mer enn 8 måneder": gt_8m
    timing_appropriate: {"Ja": "yes", "Nei": "no"}
    preferred_timing:
      "2 måneder tidligere": 2_months_earlier
      "1 måned tidligere": 1_month_earlier
      "Passet bra": good
      "1 måned senere": 1_month_later
      "2 måneder senere": 2_months_later
      "3–4 måneder senere": 3_4_months_later
  categories:
    education: [primary_school, high_school, higher_up_to_3_years, higher_over_3_years]
  missing: ["Vet ikke", "Ønsker ikke å oppgi"]
  items:
    - name: satisfaction
      column: "Q1 Alt i alt fornøyd med samtalene"
      text: "All in all, I was satisfied with the conversations"
      scale: [1, 5]
      labels: &agreement
        "Helt uenig": 1
        "Litt uenig": 2
        "Verken eller": 3
        "Litt enig": 4
        "Helt enig": 5
    - name: useful_first
      column: "Q2 Første samtale var nyttig"
      text: "The first conversation was useful"
      labels: *agreement
    - name: useful_second
      column: "Q3 Andre samtale var nyttig"
      text: "The second conversation was useful"
      labels: *agreement
    - name: useful_overall
      column: "Q4 Samtalene var nyttige"
      text: "The conversations were useful"
      labels: *agreement
    - name: confidence_return
      column: "Q7 Trygg på å komme tilbake i arbeid (1–7)"
      text: "I feel confident about returning to work (1 = not at all, 7 = completely)"
      scale: [1, 7]
"""


def _fix_creation_time(path: Path) -> None:
    """An SPSS file records when it was written (header bytes 84-100, "dd mmm yyhh:mm:ss");
    a fixed stamp makes the example byte-identical on every run."""
    data = bytearray(path.read_bytes())
    assert data[:4] == b"$FL2", "not an SPSS system file"
    data[84:101] = b"01 Jan 2500:00:00"
    path.write_bytes(bytes(data))


def main() -> list[Path]:
    """Write the three example files; return their paths."""
    OUT.mkdir(parents=True, exist_ok=True)
    frame = answers(np.random.default_rng(SEED))
    written = []
    target = OUT / "pilot_survey.csv"
    target.write_text(survey_csv(frame), encoding="utf-8")
    written.append(target)
    target = OUT / "pilot_survey.sav"
    pyreadstat.write_sav(
        frame,
        str(target),
        column_labels=[heading for heading, _ in COLUMNS.values()],
        variable_value_labels={k: labels for k, (_, labels) in COLUMNS.items() if labels},
    )
    _fix_creation_time(target)
    written.append(target)
    target = OUT / "pilot_codebook.yaml"
    target.write_text(CODEBOOK, encoding="utf-8")
    written.append(target)
    return written


if __name__ == "__main__":
    for path in main():
        print(f"wrote {path.relative_to(ROOT)}")
