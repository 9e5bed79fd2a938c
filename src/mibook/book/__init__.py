"""Building the book and the reports: the chapter registry, content hashes, executing notebooks
in reused kernels, Jupyter Book, standalone reports and the generated rerun guide."""
