# -*- coding: utf-8 -*-
"""Phase 1: logs in, snapshot out (reader, accumulator, aggregate, collector)."""
from __future__ import absolute_import, division, print_function
