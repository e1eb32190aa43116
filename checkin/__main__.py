"""``python -m checkin``."""

from .cli import main

raise SystemExit(main())
