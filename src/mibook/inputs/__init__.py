"""Reading a user's files and checking them against the input contracts.

:mod:`.read` turns a CSV, Excel or Stata file into a frame of strings; :mod:`.contracts` defines
the columns of each input kind; :mod:`.validate` checks a file against its contract with pandera
and types it; :mod:`.provenance` says whether a chapter's data are observed or reconstructed.
Every problem becomes a :class:`~mibook.inputs.problems.Problem` naming file, column and row.
"""
