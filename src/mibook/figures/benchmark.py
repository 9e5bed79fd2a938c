"""The forest figure of a report: this study minus the published one, each with its interval."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mibook.figures.style import NORMAL, PALETTE, SMALL, WIDTH, _wrapped

#: Axis titles by the unit of a benchmark row's difference.
UNITS = {
    "points": "difference in percentage points (this study − published)",
    "years": "difference in years (this study − published)",
    "rating": "difference on the rating scale (this study − published)",
}


def forest(rows: pd.DataFrame, labels: dict, units: dict) -> plt.Figure:
    """One panel per unit: a dot for each difference, a line for its 95 % interval, zero marked.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``benchmark.csv`` rows (``measure, difference, ci_low, ci_high``).
    labels : dict
        Measure → the label shown on the y axis.
    units : dict
        Measure → a key of :data:`UNITS`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> rows = pd.DataFrame({"measure": ["female", "age"], "difference": [-5.0, 1.2],
    ...                      "ci_low": [-15.0, -1.0], "ci_high": [5.0, 3.4]})
    >>> fig = forest(rows, {"female": "Women", "age": "Age"}, {"female": "points", "age": "years"})
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    groups = list(dict.fromkeys(units.get(m, "points") for m in rows["measure"]))
    heights = [
        0.42 * (rows["measure"].map(lambda m, g=g: units.get(m, "points") == g).sum()) + 0.9
        for g in groups
    ]
    fig, axes = plt.subplots(
        len(groups),
        1,
        figsize=(WIDTH, sum(heights) + 0.3),
        layout="constrained",
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for ax, group in zip(axes[:, 0], groups):
        part = rows[rows["measure"].map(lambda m, g=group: units.get(m, "points") == g)]
        y = np.arange(len(part))
        finite = part[["ci_low", "ci_high"]].notna().all(axis=1).to_numpy()
        ax.hlines(
            y[finite],
            part["ci_low"][finite],
            part["ci_high"][finite],
            color=PALETTE[0],
            linewidth=2,
        )
        ax.plot(part["difference"], y, "o", color=PALETTE[0], markersize=7)
        ax.axvline(0, color="black", linewidth=1)
        ax.set_yticks(y, [_wrapped(labels.get(m, m), 30) for m in part["measure"]], fontsize=SMALL)
        ax.set_ylim(len(part) - 0.5, -0.5)
        span = np.nanmax(np.abs(part[["difference", "ci_low", "ci_high"]].to_numpy(dtype=float)))
        span = 1.0 if not np.isfinite(span) or span == 0 else span
        ax.set_xlim(-1.1 * span, 1.1 * span)
        ax.set_xlabel(_wrapped(UNITS[group], 60), fontsize=NORMAL)
        ax.grid(axis="y", visible=False)
    return fig
