# -*- coding: utf-8 -*-
"""PlexImprovement core: plain Python 2.7/3 package, never names a framework global."""
from __future__ import absolute_import, division, print_function

__version__ = '0.1.0'
