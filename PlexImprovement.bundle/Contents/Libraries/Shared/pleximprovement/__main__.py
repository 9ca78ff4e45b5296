# -*- coding: utf-8 -*-
"""`python -m pleximprovement ...`: see cli/__init__.py for the sub-commands."""
from __future__ import absolute_import, division, print_function

import sys

from pleximprovement.cli import main

if __name__ == '__main__':
    sys.exit(main())
