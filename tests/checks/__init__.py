"""Tests of ``mibook.checks``: the pure consistency checks (GRIM, GRIMMER, DEBIT, CLOSURE, ...).

Three kinds of evidence:

1. every worked example in ``tests/oracles/consistency_cases.json`` (scrutiny's and rsprite2's test
   suites, the unsum README) becomes an assertion; an unrecognised case fails the test rather
   than being skipped;
2. scrutipy (the Rust port of scrutiny, pinned in the test extras) is run as an independent oracle
   on the same examples and on thousands of seeded random cases where its conventions coincide
   with ours (see ``mibook.checks`` for where they do not);
3. hypothesis property tests: statistics actually computed from random integer data and rounded
   under any rule always pass GRIM, GRIMMER, DEBIT, the composite checks, the percent checks.
"""
