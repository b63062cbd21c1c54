"""``python -m groupbot``: the same as the ``groupbot`` command."""

from groupbot.cli import main

raise SystemExit(main())
