# -*- coding: utf-8 -*-
"""Errors nothing else explains: ERROR/CRITICAL messages in, template groups out.

A message is redacted and masked (text.mask_template: numbers, URLs, quoted text and paths
become placeholders), and messages with the same template form one group with its count,
level, agents, first/last time and a few examples. At most MAX_TEMPLATES groups; later
templates share one `<other templates>` group, so a flood of distinct messages costs
bounded memory. diagnose/ classifies or clusters these groups.
"""
from __future__ import absolute_import, division, print_function

from ..redact import redact
from ..text import decode_bytes, mask_template
from .lines import ts_text
from .snapshot import MAX_EXAMPLES, MAX_TEMPLATES, OTHER_TEMPLATES, TEMPLATE_GROUP, example, note_seen


class Unclassified(object):
    """The template groups of unclassified errors: {template: TEMPLATE_GROUP record}."""

    def __init__(self):
        self.groups = {}

    def add(self, agent, level, msg, ts):
        """One unclassified record of `agent` (text) at `level` (bytes) with message `msg` (bytes)."""
        template = mask_template(redact(msg))
        group = self.groups.get(template)
        when = ts_text(ts)
        if group is None:
            if len(self.groups) >= MAX_TEMPLATES:
                template = OTHER_TEMPLATES
                group = self.groups.get(template)
            if group is None:
                group = self.groups[template] = TEMPLATE_GROUP.new(
                    template=template, level=decode_bytes(level), first_seen=when, last_seen=when)
        group['count'] += 1
        group['agents'][agent] = group['agents'].get(agent, 0) + 1
        if len(group['examples']) < MAX_EXAMPLES:
            group['examples'].append(example(msg))
        note_seen(group, when)
