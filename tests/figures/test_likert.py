"""The Likert and timing figures (``mibook.figures.likert``) draw the same bytes on every run."""

from __future__ import annotations

import io

import matplotlib
import pytest

matplotlib.use("Agg")

from mibook import figures  # noqa: E402
from mibook.chapters import satisfaction_timing as satisfaction  # noqa: E402

LIKERT = ["satisfaction", "useful_first", "useful_second", "useful_overall"]


TIMING = {
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


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def chapter(tmp_path_factory):
    return satisfaction.run(output_dir=str(tmp_path_factory.mktemp("tables")))


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    matplotlib.pyplot.close(fig)
    return buffer.getvalue()


def test_figures_are_byte_identical_on_rerun(chapter):
    figures.use_book_style()
    questions = {item: satisfaction.question(item) for item in [*LIKERT, *TIMING]}
    labels = {(i, r): satisfaction.response_label(i, r) for i in LIKERT for r in "12345"}
    labels.update(
        {(i, r): satisfaction.response_label(i, r) for i, codes in TIMING.items() for r in codes}
    )
    first = _png(figures.likert_diverging(chapter.satisfaction, questions, labels))
    second = _png(figures.likert_diverging(chapter.satisfaction, questions, labels))
    assert first == second and first.startswith(b"\x89PNG")
    first = _png(figures.timing_panels(chapter.timing, questions, labels))
    second = _png(figures.timing_panels(chapter.timing, questions, labels))
    assert first == second
    # A table with an unanswered item still draws.
    empty = chapter.satisfaction.copy()
    empty.loc[empty["item"] == "useful_second", ["n", "denominator"]] = 0
    empty.loc[empty["item"] == "useful_second", "percent"] = float("nan")
    assert _png(figures.likert_diverging(empty, questions, labels)).startswith(b"\x89PNG")
