# -*- coding: utf-8 -*-
"""Phase 4: a fix is kept or rolled back on paired evidence from real refreshes.

The pure logic (no I/O; fed plain dicts):
    outcome.py     one refresh's outcome for the targeted agent; a pair's change; new
                   error classes
    plausible.py   do the title and year fit the file name
    stats.py       the one-sided exact sign test (McNemar) with exact fractions
    decide.py      KEEP / ROLLBACK / MONITOR and why (Rules: alpha, new-error threshold)
    sequential.py  stop refreshing once the decision can no longer change
The trial itself (pms/ talks to the server, read/ reads the logs, fixes/ changes the agent):
    items.py       which items: the ones the targeted findings name, then unmatched ones
    evidence.py    the agent's log lines attributed to one item's refresh; System's end line
    intents.py     the refreshes a trial is about to make, recorded first (Data item)
    backoff.py     per-site back-off windows after 403, 429, 503 and timeouts (Data item)
    cache.py       the agent's HTTP cache entries a trial must not be served from
    refreshing.py  one honest refresh of one item, judged
    runner.py      run_trial(): baseline, fix, refreshes until settled, decision, report
"""
from __future__ import absolute_import, division, print_function
