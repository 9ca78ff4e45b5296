# -*- coding: utf-8 -*-
"""PlexImprovement as a contributing agent: the server tells it about every refresh.

After a primary agent has updated a matched item, System searches every contributing agent
enabled for that primary agent (System agentservice.py update_task, with primary=False and
the primary's hints: primary_agent, guid, id = the item's ratingKey). Code/__init__.py
defines the Agent.Movies and Agent.TV_Shows classes; this package is what they call:

    targets.py   which primary agents the classes contribute to (contributes_to)
    record.py    the record of each refresh seen: a line per call in contributions.jsonl
    status.py    per library: can the contributor be enabled there, is it, and how to enable it

The classes return no search result and change no metadata: System then logs "No match
found" and erases the contributor's (empty) data for the item, and the primary's metadata
is combined as before.
"""
from __future__ import absolute_import, division, print_function
