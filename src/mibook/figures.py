"""Figures of the book: matplotlib/seaborn, a colour-blind-safe palette, deterministic output.

Every function returns a :class:`matplotlib.figure.Figure` and touches no global state other
than what :func:`use_book_style` sets once per notebook. PNG output carries no timestamp, so the
same data gives the same bytes.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from cycler import cycler

from mibook.tables import LABELS

# seaborn's "colorblind" palette, written out: importing seaborn (and with it scipy.stats) costs
# about 0.6 s in every notebook kernel, and the palette and matplotlib's own seaborn styles are
# all the book used it for.
PALETTE = ["#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#fbafe4", "#949494", "#ece133", "#56b4e9"]


def use_book_style() -> None:
    """One look for every figure; fixed DPI and metadata so PNGs are byte-stable."""
    plt.style.use(["default", "seaborn-v0_8-whitegrid", "seaborn-v0_8-notebook"])
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)
    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "svg.hashsalt": "mibook",
            "font.family": "DejaVu Sans",
        }
    )


def _bar_panel(ax, part: pd.DataFrame, title: str, colour) -> None:
    labels = [LABELS.get(c, c) for c in part["category"]]
    percents = part["percent"].fillna(0.0).to_numpy()
    y = np.arange(len(labels))
    ax.barh(y, percents, color=colour)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of those who answered")
    denominator = int(part["denominator"].iloc[0]) if len(part) else 0
    ax.set_title(f"{title} (n = {denominator})", loc="left", fontsize=11)
    for yi, (pct, n) in enumerate(zip(percents, part["n"])):
        ax.text(min(pct, 100) + 1.5, yi, f"{n}", va="center", fontsize=9)


def sample_profile(characteristics: pd.DataFrame, ages: pd.Series) -> plt.Figure:
    """Four panels: gender, education, sick-leave length (percent bars with counts) and age.

    Parameters
    ----------
    characteristics
        ``sample_characteristics.csv`` as a frame.
    ages
        The age column (missing values are dropped).
    """
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), layout="constrained")
    panels = [("gender", "Gender"), ("education", "Education"), ("sick_leave_length", "Sick leave at first session")]
    for ax, (variable, title), colour in zip(axes.flat, panels, PALETTE):
        _bar_panel(ax, characteristics[characteristics["variable"] == variable], title, colour)
    ax = axes.flat[3]
    values = ages.dropna().astype(float)
    if len(values):
        bins = np.arange(np.floor(values.min() / 5) * 5, np.ceil((values.max() + 1) / 5) * 5 + 5, 5)
        ax.hist(values, bins=bins, color=PALETTE[3], edgecolor="white")
        ax.axvline(values.mean(), color="black", linestyle="--", linewidth=1)
        ax.text(values.mean(), ax.get_ylim()[1] * 0.95, f" mean {values.mean():.1f}", fontsize=9, va="top")
    else:
        ax.text(0.5, 0.5, "no ages given", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("Age (years)")
    ax.set_ylabel("Respondents")
    ax.set_title(f"Age (n = {len(values)})", loc="left", fontsize=11)
    return fig


# --- Satisfaction and timing (Table 2 of Foldal et al. 2021) --------------------------------

# Diverging Likert colours from the colour-blind palette: vermillion and orange for disagreement,
# grey for neutral, sky blue and blue for agreement (the Okabe–Ito hues seaborn's palette uses).
LIKERT_COLOURS = (PALETTE[3], PALETTE[1], PALETTE[7], PALETTE[9], PALETTE[0])


def _wrapped(text: str, width: int = 40) -> str:
    import textwrap

    return textwrap.fill(text, width)


def _half_up(value: float) -> str:
    from mibook.tables import round_half_up

    return round_half_up(value)


def format_count_percent(n: int, denominator: int) -> str:
    from mibook.tables import format_count_percent as fmt

    return fmt(n, denominator)


def likert_diverging(table: pd.DataFrame, questions: dict, labels: dict) -> plt.Figure:
    """Diverging stacked bars of Likert items: disagreement left of zero, agreement right, the
    neutral answer centred on zero.

    Parameters
    ----------
    table
        ``satisfaction.csv`` as a frame (``item, response, n, denominator, percent``).
    questions
        Item → question text (the y labels, each followed by its ``n``).
    labels
        (item, response) → response label, for the legend.
    """
    items = list(dict.fromkeys(table["item"]))
    responses = list(dict.fromkeys(table["response"]))
    fig, ax = plt.subplots(figsize=(10, 1.25 * len(items) + 1.6), layout="constrained")
    left_extent, right_extent = 0.0, 0.0
    ticks = []
    for y, item in enumerate(items):
        part = table[table["item"] == item].set_index("response").reindex(responses)
        denominator = int(part["denominator"].fillna(0).iloc[0]) if len(part) else 0
        ticks.append(f"{_wrapped(questions.get(item, item))}\n(n = {denominator})")
        if denominator == 0:
            ax.text(0, y, "no answers", ha="center", va="center", fontsize=9)
            continue
        percents = part["percent"].fillna(0.0).to_numpy(dtype=float)
        middle = len(percents) // 2
        start = -(percents[:middle].sum() + percents[middle] / 2)
        left_extent = max(left_extent, -start)
        right_extent = max(right_extent, start + percents.sum())
        for j, (pct, colour) in enumerate(zip(percents, LIKERT_COLOURS)):
            ax.barh(y, pct, left=start, color=colour, edgecolor="white", linewidth=0.8, height=0.62, zorder=2)
            if pct >= 6:
                dark = j in (0, len(percents) - 1)
                ax.text(start + pct / 2, y, f"{_half_up(pct)}%", ha="center", va="center", fontsize=8.5,
                        color="white" if dark else "black")
            start += pct
    ax.axvline(0, color="black", linewidth=1.2, zorder=1.5)  # visible between the bars
    ax.set_yticks(range(len(items)), ticks, fontsize=9)
    ax.set_ylim(len(items) - 0.5, -0.5)
    low = -max(30.0, 10 * np.ceil((left_extent + 5) / 10))
    high = max(30.0, 10 * np.ceil(right_extent / 10))
    ax.set_xlim(low, high)
    step = 20 if high - low > 100 else 10
    xticks = np.arange(np.ceil(low / step) * step, high + 1, step)
    ax.set_xticks(xticks, [f"{abs(t):g}%" for t in xticks])
    ax.set_xlabel("% of those who answered: disagreement to the left of zero, agreement to the right")
    ax.grid(axis="y", visible=False)
    handles = [matplotlib.patches.Patch(color=c) for c in LIKERT_COLOURS[: len(responses)]]
    first = items[0] if items else None
    names = [labels.get((first, r), r) for r in responses]
    fig.legend(handles, names, loc="outside lower center", ncol=len(responses), frameon=False, fontsize=9)
    return fig


def timing_panels(table: pd.DataFrame, questions: dict, labels: dict) -> plt.Figure:
    """Two panels of percent bars with counts: was the timing appropriate, and when would the
    sessions have been best (earlier answers orange, the actual timing blue, later answers green).

    Parameters
    ----------
    table
        ``timing.csv`` as a frame.
    questions, labels
        As for :func:`likert_diverging`.
    """
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained", width_ratios=[1, 1.6])
    for ax, item in zip(axes, ("timing_appropriate", "preferred_timing")):
        part = table[table["item"] == item]
        responses = list(part["response"])
        percents = part["percent"].fillna(0.0).to_numpy(dtype=float)
        denominator = int(part["denominator"].iloc[0]) if len(part) else 0
        if item == "timing_appropriate":
            colours = [PALETTE[0] if r == "yes" else PALETTE[3] for r in responses]
        else:
            colours = [PALETTE[1] if "earlier" in r else PALETTE[0] if r == "good" else PALETTE[2] for r in responses]
        y = np.arange(len(responses))
        ax.barh(y, percents, color=colours, height=0.62)
        ax.set_yticks(y, [labels.get((item, r), r) for r in responses], fontsize=9)
        ax.set_ylim(len(responses) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of those who answered")
        ax.grid(axis="y", visible=False)
        for yi, (pct, n) in enumerate(zip(percents, part["n"])):
            text = format_count_percent(int(n), denominator) if denominator else "–"
            ax.text(pct + 1.5, yi, text, va="center", fontsize=9)
        if denominator == 0:
            ax.text(50, (len(responses) - 1) / 2, "no answers", ha="center", va="center", fontsize=10)
        ax.set_title(f"{_wrapped(questions.get(item, item), 48)}\n(n = {denominator})", loc="left", fontsize=10)
    return fig


# --- Sweden–Norway comparison ---------------------------------------------------------------

# Barrier vermillion, facilitator blue, both reddish purple (Okabe–Ito hues); each cell also
# carries a letter so the matrix reads without colour.
MATRIX_KINDS = {"barrier": (PALETTE[3], "B"), "facilitator": (PALETTE[0], "F"), "both": (PALETTE[4], "B+F")}


def barrier_facilitator_matrix(matrix: pd.DataFrame, studies: list[str]) -> plt.Figure:
    """Themes × studies: a filled, lettered cell where a study reports the theme as a barrier
    (B), a facilitator (F) or both; themes reported by two or more studies come first, in bold,
    above a dividing line.

    Parameters
    ----------
    matrix
        From :func:`mibook.comparison.barrier_facilitator_matrix`.
    studies
        Column order.
    """
    n_themes = len(matrix)
    fig, ax = plt.subplots(figsize=(2.2 * len(studies) + 4.2, 0.36 * n_themes + 1.8), layout="constrained")
    for y in range(n_themes):
        for x, study in enumerate(studies):
            kind = matrix.iloc[y][study]
            if kind in MATRIX_KINDS:
                colour, letter = MATRIX_KINDS[kind]
                ax.add_patch(matplotlib.patches.Rectangle((x - 0.45, y - 0.4), 0.9, 0.8, color=colour))
                ax.text(x, y, letter, ha="center", va="center", fontsize=9, color="white", fontweight="bold")
    shared = int((matrix["n_studies"] >= 2).sum()) if n_themes else 0
    if 0 < shared < n_themes:
        ax.axhline(shared - 0.5, color="black", linewidth=1)
    ax.set_xlim(-0.5, len(studies) - 0.5)
    ax.set_ylim(n_themes - 0.5, -0.5)
    ax.set_xticks(range(len(studies)), [_wrapped(s, 18) for s in studies], fontsize=9)
    ax.xaxis.tick_top()
    labels = [t.replace("_", " ") for t in matrix["theme"]]
    ax.set_yticks(range(n_themes), labels, fontsize=9)
    for i, tick in enumerate(ax.get_yticklabels()):
        if i < shared:
            tick.set_fontweight("bold")
    ax.grid(False)
    handles = [matplotlib.patches.Patch(color=c, label=f"{l} = {k}") for k, (c, l) in MATRIX_KINDS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=9)
    return fig


def implementation_timeline(line: pd.DataFrame) -> plt.Figure:
    """One lane per activity, grouped by study, on a calendar-year axis; spans resting on an
    assumption are hatched.

    Parameters
    ----------
    line
        From :func:`mibook.comparison.timeline` (``study, activity, start, end, basis``).
    """
    studies = list(dict.fromkeys(line["study"]))
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(line) + 1.8), layout="constrained")
    labels = []
    for y, record in enumerate(line.itertuples(index=False)):
        colour = PALETTE[studies.index(record.study) % len(PALETTE)]
        assumed = "assumed" in record.basis
        ax.barh(y, record.end - record.start, left=record.start, height=0.6, color=colour,
                hatch="//" if assumed else None, edgecolor="white" if not assumed else "black", linewidth=0.5)
        labels.append(f"{record.study}: {record.activity}")
    ax.set_yticks(range(len(line)), [_wrapped(t, 60) for t in labels], fontsize=9)
    ax.set_ylim(len(line) - 0.5, -0.5)
    low, high = np.floor(line["start"].min()), np.ceil(line["end"].max())
    ax.set_xlim(low, high)
    ax.set_xticks(np.arange(low, high + 1), [f"{int(t)}" for t in np.arange(low, high + 1)])
    ax.set_xlabel("Calendar year (tick = 1 January)")
    ax.grid(axis="y", visible=False)
    handles = [matplotlib.patches.Patch(color=PALETTE[i % len(PALETTE)], label=s) for i, s in enumerate(studies)]
    handles.append(matplotlib.patches.Patch(facecolor="white", edgecolor="black", hatch="//", label="span partly assumed"))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False, fontsize=9)
    return fig


def grim_strip(
    reported: pd.DataFrame, n: int, low: float = 3.0, high: float = 3.6, rounding: str = "either"
) -> plt.Figure:
    """GRIM picture: which two-decimal means between ``low`` and ``high`` n integer ratings can
    produce (top strip: one rating per session; bottom strip: the average of two ratings), with
    the reported means marked.

    ``reported`` has columns ``label``, ``mean`` (the printed string) and ``items`` (1 or 2).
    Possible values are grey ticks; a reported mean is a filled circle when possible and a
    cross when not (shape and colour both carry the verdict).
    """
    from decimal import Decimal

    from mibook import consistency

    fig, ax = plt.subplots(figsize=(9, 3.6))
    strips = {1: 1.0, 2: 0.0}
    names = {1: f"one rating per session\n(mean = k/{n})", 2: f"average of two ratings\n(mean = k/{2 * n})"}
    for items, y in strips.items():
        possible = [float(Decimal(v)) + whole for whole in range(int(low), int(high) + 1)
                    for v in consistency.grim_possible_means(n, 2, items=items, rounding=rounding)]
        possible = sorted({round(v, 2) for v in possible if low - 1e-9 <= v <= high + 1e-9})
        ax.vlines(possible, y - 0.18, y + 0.18, color="0.55", linewidth=1.2)
    ok_colour, bad_colour = PALETTE[0], PALETTE[3]
    shown_ok = shown_bad = False
    placed: dict[int, list[float]] = {1: [], 2: []}
    for row in reported.itertuples():
        ok = bool(consistency.grim(row.mean, n, items=int(row.items), rounding=rounding).consistent)
        y = strips[int(row.items)]
        x = float(row.mean)
        if ok:
            ax.plot(x, y, "o", color=ok_colour, markersize=9, label=None if shown_ok else "reported, possible")
            shown_ok = True
        else:
            ax.plot(x, y, "X", color=bad_colour, markersize=11, label=None if shown_bad else "reported, impossible")
            shown_bad = True
        crowded = any(abs(x - other) < 0.04 for other in placed[int(row.items)])
        placed[int(row.items)].append(x)
        ax.annotate(f"{row.label}\n{row.mean}", (x, y), xytext=(0, -32 if crowded else 12), textcoords="offset points",
                    ha="center", fontsize=8)
    ax.set_yticks(list(strips.values()), [names[1], names[2]])
    ax.set_ylim(-0.8, 1.8)
    ax.set_xlim(low - 0.01, high + 0.01)
    ax.set_xticks(np.round(np.arange(low, high + 0.001, 0.05), 2))
    ax.set_xlabel(f"two-decimal mean; grey ticks: possible with n = {n} sessions, 1–5 scale")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def miti_feasible_ranges(distribution: pd.DataFrame, labels: dict) -> plt.Figure:
    """One panel per MITI global rating: for each rating value, the range (bar) and median (dot)
    of its count over the samples that agree with Table 3, for both SD divisors side by side."""
    measures = list(dict.fromkeys(distribution["measure"]))
    fig, axes = plt.subplots(1, len(measures), figsize=(3.0 * len(measures), 3.4), sharey=True)
    axes = np.atleast_1d(axes)
    styles = {"n-1": (PALETTE[0], -0.15, "o"), "n": (PALETTE[1], 0.15, "s")}
    for ax, measure in zip(axes, measures):
        part = distribution[distribution["measure"] == measure]
        for divisor, (colour, shift, marker) in styles.items():
            d = part[part["divisor"] == divisor]
            x = d["value"].to_numpy() + shift
            kind = d["set"].iloc[0]
            label = f"SD divisor {divisor}: {'feasible' if kind == 'feasible' else 'nearest'} ({int(d['size'].iloc[0])})"
            ax.vlines(x, d["min"], d["max"], colors=[colour], linewidth=6, alpha=0.55)
            ax.scatter(x, d["median"], color=colour, marker=marker, zorder=3, s=22, label=label)
        ax.set_title(labels.get(measure, measure), fontsize=10)
        ax.set_xticks(range(1, 6))
        ax.set_xlabel("rating")
        ax.legend(fontsize=7, loc="upper left", frameon=False)
    axes[0].set_ylabel("sessions with this rating (of 20)")
    fig.tight_layout()
    return fig
