import sys

from newsparallax.cli import main

sys.exit(main())
