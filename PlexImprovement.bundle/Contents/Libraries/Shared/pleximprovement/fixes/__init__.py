# -*- coding: utf-8 -*-
"""Fixes: what can be changed on an agent, and what each change has achieved on this server.

``catalog`` holds the entries (id, title, kinds addressed, parameters with their allowed
values, alternatives) and how much of an agent's failures an entry can act on; ``efficacy``
keeps each entry's Beta posterior of being kept after a Phase 4 trial. Applying, verifying
and rolling back fixes belongs to Phase 3.
"""
from __future__ import absolute_import, division, print_function
