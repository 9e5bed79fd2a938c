"""Tests of ``mibook.inputs``: reading, validating and scoring the files a user brings."""
