from mibook.cli import main

raise SystemExit(main())
