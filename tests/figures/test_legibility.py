"""Every figure of the book and of a report is legible in the book's column, and counts are
ticked on whole numbers.

Each figure function is drawn with the data the book and the reports give it: the book's own
chapters, the worked example of the rerun guide (``book/examples/``, a report with a codebook of
its own, a 7-point item and Norwegian labels), a coding team's MITI file (two coders, dates) and a
comparison file with a third study. For each figure the PNG is made as the book makes it
(:func:`mibook.figures.style.png`) and the size of every text drawn is computed on its own:
``points × dpi / 72`` pixels in the image, times the scale at which the page shows the image,
``min(1, COLUMN_PX / png_width)``. The column's width is measured in the browser by
``tests/browser/test_figures_in_browser.py``.
"""

from __future__ import annotations

import io
import math

import matplotlib
import pandas as pd
import pytest
from PIL import Image

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from mibook import figures, paths  # noqa: E402
from mibook.chapters import audit, comparison, miti_fidelity, sample_characteristics  # noqa: E402
from mibook.chapters import satisfaction_timing as satisfaction  # noqa: E402
from mibook.figures import style  # noqa: E402
from tests.chapters.test_miti_fidelity import team_file  # noqa: E402

EXAMPLES = paths.ROOT / "book" / "examples"
THIRD_STUDY = [
    ["study", "country", "re_aim_dimension", "theme", "kind", "finding", "source"],
    ["Jobbsenter Vest pilot", "Norway", "adoption", "workload", "barrier", "Little time.", "Int."],
    ["Jobbsenter Vest pilot", "Norway", "implementation", "training", "facilitator", "Good.", "I"],
]
#: A Likert item as a user's codebook may word it: long, one line.
LONG_WORDING = (
    "Thinking back over both of the follow-up conversations with your caseworker at the "
    "agency, how far would you agree that they helped you plan your return to work?"
)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[str, matplotlib.figure.Figure]:
    """Every figure the book and a report draw, by a name saying which and on what data."""
    tmp = tmp_path_factory.mktemp("legibility")
    found = {}
    book_sample = sample_characteristics.run(output_dir=str(tmp / "s"))
    found["book sample profile"] = book_sample.figure
    book_sat = satisfaction.run(output_dir=str(tmp / "t"))
    found["book Likert"] = book_sat.figure_likert
    found["book timing"] = book_sat.figure_timing
    miti = miti_fidelity.run(output_dir=str(tmp / "m"))
    found["book MITI feasible ranges"] = miti.figure
    found["book GRIM"] = audit.chapter(output_dir=str(tmp / "a"))["figure"]
    book_cmp = comparison.run(output_dir=str(tmp / "c"))
    found["book timeline"] = book_cmp.timeline_figure
    found["book barrier matrix"] = book_cmp.matrix_figure

    survey, codebook = str(EXAMPLES / "pilot_survey.csv"), str(EXAMPLES / "pilot_codebook.yaml")
    report_sample = sample_characteristics.report(survey, str(tmp / "rs"), codebook)
    found["report sample profile"] = report_sample.chapter.figure
    found["report sample benchmark"] = report_sample.compared["figure"]
    report_sat = satisfaction.report(survey, str(tmp / "rt"), codebook)
    found["report Likert (5 and 7 points)"] = report_sat.chapter.figure_likert
    found["report timing"] = report_sat.chapter.figure_timing
    found["report satisfaction benchmark"] = report_sat.compared["figure"]
    path, book = team_file(tmp)
    team = miti_fidelity.run(str(path), str(tmp / "rm"), codebook_yaml=str(book))
    found["report coder agreement"] = team.agreement_figure
    found["report MITI over time"] = team.trend_figure
    found["report MITI benchmark"] = team.comparison["figure"]
    rows = tmp / "third.csv"
    pd.DataFrame(THIRD_STUDY[1:], columns=THIRD_STUDY[0]).to_csv(rows, index=False)
    third = comparison.report(str(rows), str(tmp / "rc"))
    found["report barrier matrix (three studies)"] = third.chapter.matrix_figure

    long_items = book_sat.satisfaction.copy()
    questions = {item: satisfaction.question(item) for item in long_items["item"].unique()}
    questions["satisfaction"] = LONG_WORDING
    found["Likert with a long wording"] = figures.likert_diverging(long_items, questions, {})
    missing = [name for name, fig in found.items() if fig is None]
    assert not missing, f"no figure drawn: {missing}"
    yield found
    plt.close("all")


NAMES = [
    "book sample profile",
    "book Likert",
    "book timing",
    "book MITI feasible ranges",
    "book GRIM",
    "book timeline",
    "book barrier matrix",
    "report sample profile",
    "report sample benchmark",
    "report Likert (5 and 7 points)",
    "report timing",
    "report satisfaction benchmark",
    "report coder agreement",
    "report MITI over time",
    "report MITI benchmark",
    "report barrier matrix (three studies)",
    "Likert with a long wording",
]


def _visible_texts(artist):
    """Text artists that are shown: visible, non-empty, inside visible parents."""
    if not artist.get_visible():
        return
    if isinstance(artist, matplotlib.text.Text) and artist.get_text().strip():
        yield artist
    for child in artist.get_children():
        yield from _visible_texts(child)


def displayed_px(fig) -> tuple[float, list[tuple[str, float]]]:
    """(scale at which the column shows the PNG, [(text, CSS px on the page)]) for a figure."""
    data = style.png(fig)
    width = Image.open(io.BytesIO(data)).size[0]
    scale = min(1.0, style.COLUMN_PX / width)
    fig.canvas.draw()
    texts = []
    for text in _visible_texts(fig):
        inside = text.get_window_extent().overlaps(fig.bbox) or text.get_window_extent().width == 0
        if inside:
            texts.append((text.get_text(), text.get_fontsize() * style.DPI / 72 * scale))
    return scale, texts


@pytest.mark.parametrize("name", NAMES)
def test_every_text_is_at_least_10_px_in_the_column(drawn, name):
    scale, texts = displayed_px(drawn[name])
    assert texts, f"{name}: no text found"
    small = [(t[:40], round(px, 1)) for t, px in texts if px < style.MIN_TEXT_PX]
    assert not small, f"{name}: shown at {scale:.2f} of its size; text under 10 px: {small}"


@pytest.mark.parametrize("name", NAMES)
def test_the_png_records_the_smallest_text_it_draws(drawn, name):
    """What :func:`mibook.figures.style.png` writes into the PNG (read by the browser test)
    agrees with the font sizes of the figure's text artists."""
    data = style.png(drawn[name])
    recorded = float(Image.open(io.BytesIO(data)).info[style.PNG_KEY])
    _, texts = displayed_px(drawn[name])
    fig = drawn[name]
    smallest_pt = min(
        t.get_fontsize() for t in _visible_texts(fig) if t.get_window_extent().overlaps(fig.bbox)
    )
    assert math.isclose(recorded, smallest_pt * style.DPI / 72, abs_tol=0.01), (recorded, texts)


#: Axes that count something (sessions, respondents), by figure: (axes index, "x" or "y").
COUNT_AXES = {
    "book sample profile": [(3, "y")],
    "report sample profile": [(3, "y")],
    "book MITI feasible ranges": [(0, "y"), (1, "y"), (2, "y"), (3, "y")],
}
COUNT_WORDS = ("sessions", "respondents", "number of", "count")


def _whole_ticks(axis) -> list[float]:
    low, high = sorted(axis.get_view_interval())
    return [float(t) for t in axis.get_majorticklocs() if low - 1e-9 <= t <= high + 1e-9]


def test_count_axes_have_whole_number_ticks(drawn):
    """The listed count axes, and any axis whose title starts with a word of counting, are
    ticked on whole numbers only."""
    checked = set()
    for name, fig in drawn.items():
        fig.canvas.draw()
        listed = {(fig.axes[i], xy) for i, xy in COUNT_AXES.get(name, [])}
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            for xy, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                title = axis.get_label_text().lower()
                if (ax, xy) in listed or title.startswith(COUNT_WORDS):
                    ticks = _whole_ticks(axis)
                    assert len(ticks) >= 2, (name, ticks)
                    assert all(t.is_integer() for t in ticks), (name, xy, ticks)
                    checked.add((name, fig.axes.index(ax), xy))
    for name, axes in COUNT_AXES.items():
        for i, xy in axes:
            assert (name, i, xy) in checked, (name, i, xy)


def test_rating_axes_of_coder_agreement_are_whole_ratings(drawn):
    fig = drawn["report coder agreement"]
    fig.canvas.draw()
    for ax in fig.axes:
        if ax.get_visible() and ax.has_data():
            for axis in (ax.xaxis, ax.yaxis):
                assert _whole_ticks(axis) == [1, 2, 3, 4, 5]
