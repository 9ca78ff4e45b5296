# -*- coding: utf-8 -*-
"""Phase 2: a snapshot in, findings, proposed fixes and recommendations out.

diagnosis (the entry: diagnose) -> findings (FindingCollector: the snapshot's evidence as
findings) -> rules (which evidence is which kind) and cluster (shapes of messages no rule
knows); roles (which plug-ins are agents; the others get a health line); proposals (catalog
fixes ranked per agent); recommend (pointers for a human); numbers (rounding and percentages
alike on Python 2.7 and 3).
"""
from __future__ import absolute_import, division, print_function
