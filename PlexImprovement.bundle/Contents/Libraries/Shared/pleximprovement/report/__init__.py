# -*- coding: utf-8 -*-
"""Reports written as Data items and printed by the CLI."""
from __future__ import absolute_import, division, print_function
