# -*- coding: utf-8 -*-
"""Offline aggregation: ``python -m pleximprovement aggregate --logs PATH [--hours H] [--agent ID] [--json]``.

Reads PATH (a server's `Logs` folder, any folder of logs, or one log file) and prints the
plain report, or the JSON snapshot with the keys totals, agents, errors, tracebacks, window,
files, skipped (plus the rest of the contracts.md snapshot). Exit status 0; 2 with one line
on stderr for a bad command line or a PATH that is not there; 3 when something could not be
read (named on stderr), when there was no log file, or the agent asked for is not in the logs.
"""
from __future__ import absolute_import, division, print_function

import sys

from ..report.aggregation import report_text
from .output import USAGE_ERROR, write, write_json
from .read_logs import Parser, add_log_options, parse, read_logs

NAME = 'aggregate'


def parser():
    p = Parser(prog='python -m pleximprovement aggregate',
               description='Aggregate Plex plug-in and server logs into metrics.')
    add_log_options(p)
    p.add_argument('--json', action='store_true', help='print the JSON snapshot instead of the report')
    return p


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parse(parser(), argv, err, NAME)
    if args is None:
        return USAGE_ERROR
    snapshot, status = read_logs(args, err, NAME)
    if snapshot is None:
        return status
    if args.json:
        write_json(out, snapshot)
    else:
        write(out, report_text(snapshot))
    return status
