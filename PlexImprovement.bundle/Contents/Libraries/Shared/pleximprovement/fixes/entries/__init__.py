# -*- coding: utf-8 -*-
"""The fix modules, one per catalog entry, and the code each kind of lever shares.

Each fix module states ID, TITLE, LEVER, ADDRESSES ({finding kind: coverage}), PARAMETERS
(name -> spec with its range, fixes/parameters.py), ALTERNATIVES, PRIOR and DOC, and implements
plan/unplan/verify (the fix contract; fixes/plan.py says what a plan is). The catalog
(fixes/catalog.py) lists them. Shared per lever: overlay_lever (the overlay package, its
config and import line), prefs_lever (an agent's Preferences file and DefaultPrefs.json),
custom (unified diffs from the data folder's custom_fixes/).
"""
from __future__ import absolute_import, division, print_function
