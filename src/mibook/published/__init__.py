"""The numbers printed in the two articles, and the book's reading of them.

``data/published/numbers.csv`` is the project's raw data: code reads it and never writes it.
:mod:`.numbers` gives access to it (re-exported here), :mod:`.reading` says what the articles'
phrases cover, and :mod:`.printing` how the articles print and name things.
"""

from __future__ import annotations

from mibook.published.numbers import (
    NORWAY,
    SWEDEN,
    counts,
    denominator,
    numbers,
    table_cells,
    value,
)

__all__ = ["NORWAY", "SWEDEN", "counts", "denominator", "numbers", "table_cells", "value"]
