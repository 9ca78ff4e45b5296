# -*- coding: utf-8 -*-
"""Fixes: what can be changed on an agent, how it is changed and undone, and what it achieved here.

``catalog`` lists the fix modules (``entries/``: one per fix, plus the code each lever shares:
overlays, the agent's own preferences, its HTTP cache, custom diffs) with their kinds addressed,
parameters and ranges (``parameters``), alternatives and priors; ``efficacy`` keeps each entry's
Beta posterior of being kept after a Phase 4 trial. ``overlay/`` is the code an overlay fix
places in an agent; ``unidiff`` applies custom diffs. The installer machinery (``installer`` with
target, plan, backup, journal, changes, compiled, history, recovery, reload, status, fileops,
errors) applies, verifies and rolls back a fix's plan; ``preview`` shows a plan without applying it.
"""
from __future__ import absolute_import, division, print_function
