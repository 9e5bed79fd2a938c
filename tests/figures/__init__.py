"""Tests of ``mibook.figures``."""
