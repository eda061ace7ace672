import sys

from dashboard.laporan.cli import main

sys.exit(main())
