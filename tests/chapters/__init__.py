"""Tests of ``mibook.chapters``: each chapter end to end, as its notebook calls it."""
