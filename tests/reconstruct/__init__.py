"""Tests of ``mibook.reconstruct``: the reconstructed data files."""
