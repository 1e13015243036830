"""``python -m safetyregs``: the same as the ``safetyregs`` command."""

import sys

from ._cli import main

sys.exit(main())
