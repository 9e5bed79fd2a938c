"""The analyses: tidy frames in, tidy frames out, no prose and no files.

Categorical and Likert tables with their statistics, MITI summaries, what Table 3 allows, the
coding of the comparison, the consistency audit and the reproduction ledger.
"""
