"""Allow `python -m handbook`."""

from handbook.cli import main

raise SystemExit(main())
