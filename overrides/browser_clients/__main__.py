"""Run the ``browser-clients`` command line as ``python -m browser_clients``."""

from browser_clients.cli.main import main

raise SystemExit(main())
