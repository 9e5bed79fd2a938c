"""Tests of ``mibook.analysis``: the computations behind the chapters."""
