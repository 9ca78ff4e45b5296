# -*- coding: utf-8 -*-
"""Phase 1: logs in, snapshot out.

reader (files, lines) -> lines (record tuples) -> accumulator (prefilter, routing, operations,
url_errors, tracebacks, unclassified) -> snapshot (the shape: build, merge, derive, read);
aggregate runs it over a folder once, collector incrementally per day.
"""
from __future__ import absolute_import, division, print_function
