# -*- coding: utf-8 -*-
"""Phase 4's pure logic: judging refreshes and deciding on a fix from paired evidence.

    outcome.py     one refresh's outcome for the targeted agent; a pair's change; new
                   error classes
    plausible.py   do the title and year fit the file name
    stats.py       the one-sided exact sign test (McNemar) with exact fractions
    decide.py      KEEP / ROLLBACK / MONITOR and why (Rules: alpha, new-error threshold)
    sequential.py  stop refreshing once the decision can no longer change

No I/O here: the trial runner feeds plain dicts (pms/ reads the server, read/ the logs).
"""
from __future__ import absolute_import, division, print_function
