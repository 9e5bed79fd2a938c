"""How the book prints a count and its percent (``mibook.published.printing``)."""

from mibook.published.printing import format_count_percent


def test_format_count_percent():
    assert format_count_percent(70, 112) == "70 (63%)"
    assert format_count_percent(0, 111) == "0"
