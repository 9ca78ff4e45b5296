# -*- coding: utf-8 -*-
"""Phase 2: a snapshot in, findings, proposed fixes and recommendations out."""
from __future__ import absolute_import, division, print_function
