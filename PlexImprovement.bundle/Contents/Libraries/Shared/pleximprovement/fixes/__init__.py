# -*- coding: utf-8 -*-
"""The fix catalog: what can be changed on an agent, for which failures, with which parameters.

``registry`` holds the entries, how their effect is estimated and what they have achieved
on this server so far. Applying, verifying and rolling back fixes belongs to Phase 3.
"""
from __future__ import absolute_import, division, print_function
