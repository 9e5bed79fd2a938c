"""The built site in headless Chromium (``pytest -m browser``)."""
