"""Building the book and the reports: executing the chapters and rendering them as HTML.

The chapter registry, content hashes, executing notebooks in reused kernels, Jupyter Book,
standalone reports and the generated rerun guide.
"""
