# -*- coding: utf-8 -*-
"""Which image in Contents/Resources each main-menu entry shows.

In: a main-menu strings key (app.MENU). Out: the file name of its icon, or None for an entry
without one. Code/ draws it as the entry's thumb with R(name); tools/make_icons.py draws the
images themselves under these names.
"""
from __future__ import absolute_import, division, print_function

ICONS = {
    'MENU_STATUS': 'icon-status.png',
    'MENU_DASHBOARD': 'icon-dashboard.png',
    'MENU_SELFCHECK': 'icon-selfcheck.png',
    'MENU_RUN_LOOP': 'icon-loop.png',
    'MENU_AGGREGATE': 'icon-aggregate.png',
    'MENU_DIAGNOSE': 'icon-diagnose.png',
    'MENU_APPLY_FIX': 'icon-apply.png',
    'MENU_TEST_FIX': 'icon-test.png',
    'MENU_POSTMORTEM': 'icon-postmortem.png',
    'MENU_STOP': 'icon-stop.png',
    'MENU_REPORTS': 'icon-reports.png',
    'MENU_BUNDLE_LOGS': 'icon-logs.png',
    'MENU_APPLIED_FIXES': 'icon-applied.png',
}


def icon_for(key):
    return ICONS.get(key)
