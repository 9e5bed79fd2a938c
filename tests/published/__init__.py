"""Tests of ``mibook.published``: access to the printed numbers and their labels."""
