"""Tests of ``mibook.book``: building the book and running reports."""
