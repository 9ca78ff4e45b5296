# -*- coding: utf-8 -*-
"""Phase 2: a snapshot in, findings, proposed fixes and recommendations out.

diagnosis (the entry: diagnose) -> findings (FindingCollector: the snapshot's evidence as
findings) -> rules (which evidence is which kind) and cluster (shapes of messages no rule
knows); proposals (catalog fixes ranked per agent); recommend (pointers for a human).
"""
from __future__ import absolute_import, division, print_function
