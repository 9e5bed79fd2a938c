"""mibook: a reproducible re-analysis of two published studies of motivational interviewing
(MI) as a return-to-work intervention in social insurance (Ståhl & Gustavsson 2018, Sweden;
Foldal et al. 2021, Norway).

All logic of the book lives in this package; the notebooks in ``notebooks/`` are thin pages that
call it. See ``mibook.paths`` for where everything is.
"""

__version__ = "0.1.0"
