# -*- coding: utf-8 -*-
"""Work the plug-in starts on a timer, not from the menu (the log collector)."""
from __future__ import absolute_import, division, print_function
