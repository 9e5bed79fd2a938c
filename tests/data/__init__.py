"""Checks of the committed data files in ``data/`` (transcriptions, coded rows, datapackage)."""
