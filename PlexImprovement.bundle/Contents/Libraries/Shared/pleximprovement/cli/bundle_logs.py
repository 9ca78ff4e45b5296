# -*- coding: utf-8 -*-
"""A zip for the agent's author: ``python -m pleximprovement bundle-logs [--logs DIR] [--data DATA] ...``.

    bundle-logs [--logs DIR] [--data DATA] [--agent A ...] [--out FILE.zip] [--hours H]

The plug-in logs of the agents the last diagnosis (in DATA/DataItems) has findings for, or
of the agents named with --agent, with their rotated copies, the main server log, and that
diagnosis, all redacted (report/logbundle.py says what goes in). DIR defaults to this
machine's Plex Logs folder, DATA to the plug-in's data folder there (runtime/paths.py),
FILE.zip to DATA/log_bundles/logs_for_author.zip (where the plug-in's menu writes it), H to
the log_window_hours preference's default (0: every line). Exit 0 with the zip's path and
size on stdout (what was left out on stderr); 2 with one line on stderr when refused (no
diagnosis and no --agent, no Logs folder, a zip that cannot be written).
"""
from __future__ import absolute_import, division, print_function

import os
import sys
import time

from .. import prefs
from ..names import IDENTIFIER, LOG_BUNDLE_ZIP, LOG_BUNDLES_DIR
from ..report.logbundle import BundleRefused, build
from ..runtime.paths import DATA_ITEMS, ServerLayout, default_app_support, default_logs_dir
from ..runtime.store import FileStore
from .output import USAGE_ERROR, write
from .read_logs import Parser, hours, parse

NAME = 'bundle-logs'


def parser():
    app_support = default_app_support()
    p = Parser(prog='python -m pleximprovement bundle-logs',
               description="Zip the relevant Plex logs, redacted, with the last diagnosis, for an agent's author.")
    p.add_argument('--logs', default=default_logs_dir(app_support), metavar='DIR',
                   help="the server's Logs folder (default: %(default)s)")
    p.add_argument('--data', default=ServerLayout(app_support).data_dir(IDENTIFIER), metavar='DATA',
                   help="the plug-in's data folder holding DataItems (default: %(default)s)")
    p.add_argument('--agent', action='append', nargs='+', default=[], metavar='A',
                   help='include the logs of these agents instead of those the last diagnosis names')
    p.add_argument('--out', default=None, metavar='FILE.zip',
                   help='where to write the zip (default: DATA/%s/%s)' % (LOG_BUNDLES_DIR, LOG_BUNDLE_ZIP))
    p.add_argument('--hours', type=hours, default=None, metavar='H',
                   help='only the H hours up to the newest line (default: the log_window_hours preference, '
                        '%s; 0: every line)' % prefs.DEFAULTS['log_window_hours'])
    return p


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parse(parser(), argv, err, NAME)
    if args is None:
        return USAGE_ERROR
    window = args.hours if args.hours is not None else prefs.validate(prefs.DEFAULTS.get)[0].log_window_hours
    agents = [agent for group in args.agent for agent in group]
    target = os.path.abspath(args.out or os.path.join(args.data, LOG_BUNDLES_DIR, LOG_BUNDLE_ZIP))
    store = FileStore(os.path.join(args.data, DATA_ITEMS))
    try:
        summary = build(args.logs, store, FileStore(os.path.dirname(target)), os.path.basename(target),
                        time.time(), agents=agents, hours=window or None)
    except BundleRefused as error:
        write(err, u'%s: %s\n' % (NAME, error))
        return USAGE_ERROR
    except (IOError, OSError) as error:
        write(err, u'%s: cannot write %s: %s\n' % (NAME, target, error.strerror or error))
        return USAGE_ERROR
    for entry in summary['left_out']:
        write(err, u'%s: left out: %s\n' % (NAME, entry))
    write(out, u'%s (%d bytes): %d log files, agents: %s; %s\n' % (
        summary['path'], summary['size'], len(summary['lines']), u', '.join(summary['agents']) or u'none',
        u'diagnosis %d' % summary['iteration'] if summary['iteration'] is not None else u'no diagnosis'))
    return 0
