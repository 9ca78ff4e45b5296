# -*- coding: utf-8 -*-
"""Every name the plug-in is known by or stores things under, defined once.

In: the bundle's own Info.plist (read once at import). Out: the identifier, the route
prefix, the bundle's Contents folder and the name of every Data item the core writes, so
that a report written by one stage is found by another under the same spelling.
"""
from __future__ import absolute_import, division, print_function

import os
import plistlib

# pleximprovement/ -> Shared/ -> Libraries/ -> Contents/
CONTENTS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir))
FALLBACK_IDENTIFIER = 'com.plexapp.plugins.pleximprovement'


def read_identifier(contents_dir=CONTENTS_DIR):
    """CFBundleIdentifier from Info.plist; the shipped identifier when the file is absent.

    The core also runs from a source checkout or a copied package (the offline CLI), where
    the plist may not sit above it; the framework itself requires the key (core.py).
    """
    path = os.path.join(contents_dir, 'Info.plist')
    try:
        with open(path, 'rb') as handle:
            raw = handle.read()
    except (IOError, OSError):
        return FALLBACK_IDENTIFIER
    loads = getattr(plistlib, 'loads', None) or plistlib.readPlistFromString
    try:
        value = loads(raw).get('CFBundleIdentifier')
    except Exception:  # plistlib raises several unrelated types on a damaged file
        return FALLBACK_IDENTIFIER
    return value or FALLBACK_IDENTIFIER


IDENTIFIER = read_identifier()
PREFIX = '/applications/pleximprovement'

# Data items (runtime.store.FileStore / the framework's DataItems folder).
STATE_ITEM = 'state.json'
STATE_ASIDE = 'state.%s-%d.json'                     # a corrupt or newer state kept aside: (why, time)
AGGREGATE_PREFIX = 'aggregated_logs_iteration_'
AGGREGATE_TXT = AGGREGATE_PREFIX + '%d.txt'
AGGREGATE_JSON = AGGREGATE_PREFIX + '%d.json'
DIAGNOSTIC_PREFIX = 'diagnostic_report_iteration_'
DIAGNOSTIC_MD = DIAGNOSTIC_PREFIX + '%d.md'
DIAGNOSTIC_JSON = DIAGNOSTIC_PREFIX + '%d.json'
TRIAL_PREFIX = 'test_report_'
TRIAL_MD = TRIAL_PREFIX + '%s_iteration_%d.md'       # (fix id as a file name piece, iteration)
TRIAL_JSON = TRIAL_PREFIX + '%s_iteration_%d.json'
FINAL_REPORT = 'final_improvement_report.md'         # report/postmortem.py: the loop's post-mortem
REPORT_PREFIXES = (AGGREGATE_PREFIX, DIAGNOSTIC_PREFIX, TRIAL_PREFIX, FINAL_REPORT)
EFFICACY_ITEM = 'fix_efficacy.json'
COLLECTOR_STATE = 'collector_state.json'
DAY_PREFIX = 'metrics_day_'
DAY_ITEM = DAY_PREFIX + '%s.json'                    # (day)
PART_PREFIX = 'metrics_part_'
PART_ITEM = PART_PREFIX + '%s_%d.json'               # (day, tick)
BACKOFF_ITEM = 'site_backoff.json'                   # trial/backoff.py: the per-site back-off windows
INTENTS_ITEM = 'trial_intents.json'                  # trial/intents.py: the refreshes a trial asked for
# In the plug-in's data folder (beside DataItems, like the fix journal): an append-only file.
CONTRIBUTIONS_LOG = 'contributions.jsonl'            # contributor/record.py: every refresh seen
# The fix machinery's items, in the plug-in's data folder (beside DataItems; the command line's --data).
FIX_JOURNAL = 'fix_journal.jsonl'                    # fixes/journal.py: every change, append-only
FIX_JOURNAL_LOCK = 'fix_journal.lock'                # fixes/journal.py: one fix operation at a time
FIX_BACKUPS_DIR = 'fix_backups'                      # fixes/backup.py: <change id>/ copies + manifest
CUSTOM_FIXES_DIR = 'custom_fixes'                    # fixes/entries/custom.py: the owner's unified diffs
# The loop (loop/record.py), each kept in generations (loop/files.py).
LOOP_STATE = 'loop_state.json'                       # where the loop is, its metrics and fixes
DECISION_LOG = 'decision_log.json'                   # every decision, its inputs and its reason
LOOP_AUDIT = 'loop_audit.json'                       # every file change and server call that changes something
LOOP_LOCK = 'loop.lock'                              # in the plug-in's data folder: one loop per data folder
# Logs for the agent's author (report/logbundle.py): one zip, rebuilt on demand, in the plug-in's data folder.
LOG_BUNDLES_DIR = 'log_bundles'                      # beside DataItems, like fix_backups (docs/decisions.md)
LOG_BUNDLE_ZIP = 'logs_for_author.zip'
