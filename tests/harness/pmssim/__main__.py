# -*- coding: utf-8 -*-
"""`make sim`: ``python -m harness.pmssim [--measure] ...`` (server.main's command line)."""
from __future__ import absolute_import, division, print_function

import sys

from harness.pmssim.server import main

sys.exit(main())
