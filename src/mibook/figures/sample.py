"""The sample-characteristics figure: who answered."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook.figures.style import LARGE, PALETTE, SMALL, WIDTH, _wrapped, integer_ticks
from mibook.published.printing import label


def _bar_panel(ax, part: pd.DataFrame, title: str, colour) -> None:
    labels = [_wrapped(label(c), 18) for c in part["category"]]
    percents = part["percent"].fillna(0.0).to_numpy()
    y = np.arange(len(labels))
    ax.barh(y, percents, color=colour, height=0.7)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of those who answered")
    ax.grid(axis="y", visible=False)
    denominator = int(part["denominator"].iloc[0]) if len(part) else 0
    ax.set_title(f"{title} (n = {denominator})", loc="left", fontsize=LARGE)
    for yi, (pct, n) in enumerate(zip(percents, part["n"])):
        ax.text(min(pct, 100) + 1.5, yi, f"{n}", va="center", fontsize=SMALL)


def sample_profile(characteristics: pd.DataFrame, ages: pd.Series) -> plt.Figure:
    """Four panels: gender, education, sick-leave length (percent bars with counts) and age.

    Parameters
    ----------
    characteristics : pandas.DataFrame
        ``sample_characteristics.csv`` as a frame.
    ages : pandas.Series
        The age column (missing values are dropped).

    Returns
    -------
    matplotlib.figure.Figure
        Four axes: three bar panels and a histogram of age in 5-year bins with its mean.

    Examples
    --------
    >>> from mibook.analysis.categories import sample_characteristics
    >>> df = pd.DataFrame(
    ...     {
    ...         "gender": ["female", "male", "female"],
    ...         "education": ["high_school", None, "higher_over_3_years"],
    ...         "sick_leave_length": ["lt_2m", "2_4m", None],
    ...         "age": [34, 51, None],
    ...     }
    ... )
    >>> fig = sample_profile(sample_characteristics(df), df["age"])
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['Gender (n = 3)', 'Education (n = 2)', 'Sick leave at first session (n = 2)', 'Age (n = 2)']
    >>> plt.close(fig)
    """
    rows = {
        variable: max(int((characteristics["variable"] == variable).sum()), 1)
        for variable in ("gender", "education", "sick_leave_length")
    }
    top, bottom = max(rows["gender"], rows["education"]), max(rows["sick_leave_length"], 4)
    fig, axes = plt.subplots(
        2,
        2,
        figsize=(WIDTH, 0.36 * (top + bottom) + 2.4),
        layout="constrained",
        gridspec_kw={"height_ratios": [top + 1.5, bottom + 1.5]},
    )
    panels = [
        ("gender", "Gender"),
        ("education", "Education"),
        ("sick_leave_length", "Sick leave at first session"),
    ]
    for ax, (variable, title), colour in zip(axes.flat, panels, PALETTE):
        _bar_panel(ax, characteristics[characteristics["variable"] == variable], title, colour)
    ax = axes.flat[3]
    values = ages.dropna().astype(float)
    if len(values):
        bins = np.arange(np.floor(values.min() / 5) * 5, np.ceil((values.max() + 1) / 5) * 5 + 5, 5)
        ax.hist(values, bins=bins, color=PALETTE[3], edgecolor="white")
        ax.axvline(values.mean(), color="black", linestyle="--", linewidth=1)
        ax.set_ylim(0, ax.get_ylim()[1] * 1.15)  # room for the mean's label above the bars
        ax.text(
            values.mean(),
            ax.get_ylim()[1] * 0.98,
            f" mean {values.mean():.1f}",
            fontsize=SMALL,
            va="top",
        )
    else:
        ax.text(0.5, 0.5, "no ages given", ha="center", va="center", transform=ax.transAxes)
    integer_ticks(ax.yaxis)
    ax.set_xlabel("Age (years)")
    ax.set_ylabel("Respondents")
    ax.set_title(f"Age (n = {len(values)})", loc="left", fontsize=LARGE)
    return fig
