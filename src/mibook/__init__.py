"""mibook: a reproducible re-analysis of two published studies of motivational interviewing.

The two studies evaluate motivational interviewing (MI) as a return-to-work intervention in
social insurance: Ståhl & Gustavsson 2018 (Sweden) and Foldal et al. 2021 (Norway).

All logic of the book lives in this package; the notebooks in ``notebooks/`` are thin pages that
call it. See ``mibook.paths`` for where everything is.

The sub-packages are layers, each importing only from the ones listed before it (import-linter
checks this, see ``pyproject.toml``):

``paths``, ``files``
    Where the project's files are; writing files atomically.
``checks``
    Consistency checks of printed statistics (GRIM, GRIMMER, DEBIT, CLOSURE, ...).
``inputs``, ``published``
    Reading and validating a user's files; the numbers printed in the two articles.
``analysis``
    The analyses: tidy frames in, tidy frames out, no prose and no files.
``reconstruct``, ``figures``
    Individual-level data consistent with the published aggregates; the book's figures.
``chapters``, ``book``, ``cli``
    One module per notebook template; building the book; the ``mibook`` command.
"""

__version__ = "0.1.0"
