"""Run the command line as ``python -m mibook`` (the same as the ``mibook`` command)."""

from mibook.cli import main

raise SystemExit(main())
