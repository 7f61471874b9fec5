"""Run the generator's command line."""

from generator.cli import main

raise SystemExit(main())
