# -*- coding: utf-8 -*-
"""Offline aggregation: ``python -m pleximprovement aggregate --logs DIR [--hours H] [--agent ID] [--json]``.

Reads DIR (a server's `Logs` folder or any folder of logs) and prints the plain report, or
the JSON snapshot with the keys totals, agents, errors, tracebacks, window, files, skipped
(plus the rest of the contracts.md snapshot). A missing or unreadable folder is exit
status 2 with one line on stderr.
"""
from __future__ import absolute_import, division, print_function

import argparse
import sys

from ..read.aggregate import run_aggregation
from ..report.aggregation import cli_json, report_text
from ..read.reader import LogsNotFound
from .output import USAGE_ERROR, write


def parser():
    p = argparse.ArgumentParser(prog='python -m pleximprovement aggregate',
                                description='Aggregate Plex plug-in and server logs into metrics.')
    p.add_argument('--logs', required=True, help="a server's Logs folder or any folder of log files")
    p.add_argument('--hours', type=float, default=None,
                   help='only the H hours up to the newest line found (default: every line)')
    p.add_argument('--agent', default=None, help='only this agent identifier')
    p.add_argument('--json', action='store_true', help='print the JSON snapshot instead of the report')
    return p


def main(argv=None):
    """Runs the command; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        snapshot = run_aggregation(args.logs, hours=args.hours, agent=args.agent)
    except LogsNotFound as error:
        sys.stderr.write('error: %s\n' % (error,))
        return USAGE_ERROR
    write(sys.stdout, cli_json(snapshot) + '\n' if args.json else report_text(snapshot))
    return 0
