"""The book's figures (matplotlib): one module per chapter's figures, one shared style.

Every function takes tidy frames and returns a :class:`matplotlib.figure.Figure`; none reads
files or computes statistics.
"""

from __future__ import annotations

from mibook.figures.audit import grim_strip
from mibook.figures.benchmark import forest
from mibook.figures.comparison import (
    barrier_facilitator_matrix,
    implementation_timeline,
)
from mibook.figures.likert import likert_diverging, timing_panels
from mibook.figures.miti import miti_feasible_ranges
from mibook.figures.sample import sample_profile
from mibook.figures.style import PALETTE, use_book_style

__all__ = [
    "PALETTE",
    "barrier_facilitator_matrix",
    "forest",
    "grim_strip",
    "implementation_timeline",
    "likert_diverging",
    "miti_feasible_ranges",
    "sample_profile",
    "timing_panels",
    "use_book_style",
]
