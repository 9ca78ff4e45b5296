# -*- coding: utf-8 -*-
"""What the commands that read logs share: --logs/--hours/--agent, their checks, the reading.

In: the command's argument parser, then its parsed arguments. Out: the snapshot, or None and
an exit status, with one line on stderr for each thing that went wrong. It exists so that
no command can give an all-clear on logs it did not read: a folder or file that could not be
read is named and the exit status is NOT_READ, an empty folder says "no log files found", a
file left out on purpose (a FIFO, a device) is named, an agent the logs do not mention is
refused with the agents they do mention.
"""
from __future__ import absolute_import, division, print_function

import argparse
import sys

from ..prefs import NUMERIC, check_number
from ..read.aggregate import run_aggregation
from ..read.reader import LogsNotFound, discover, unread
from .output import NOT_READ, USAGE_ERROR, write


class UsageError(Exception):
    """A command line argparse refused; the message is its one line."""


class Parser(argparse.ArgumentParser):
    """argparse, but a refused command line raises UsageError instead of printing the usage."""

    def error(self, message):
        raise UsageError(message)


def parse(parser, argv, err, name):
    """The parsed arguments, or None after one line on `err` (`name: message`)."""
    try:
        return parser.parse_args(argv)
    except UsageError as error:
        write(err, u'%s: %s (see --help)\n' % (name, error))
        return None


def run_command(name, parser, run, argv, out, err, refusals):
    """What every command's main() does around its work: parse (exit 2 after one line on a bad
    command line), `run(args, out, err)` -> the exit status, and a refusal (an exception of a type
    in `refusals`) as one line `name: why` on stderr and exit 2."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parse(parser, argv, err, name)
    if args is None:
        return USAGE_ERROR
    try:
        return run(args, out, err)
    except refusals as error:
        write(err, u'%s: %s\n' % (name, error))
    return USAGE_ERROR


def hours(text):
    """argparse type of --hours: a finite number in the log_window_hours pref's range."""
    number, problem = check_number('log_window_hours', text)
    if problem is not None:
        low, high = NUMERIC['log_window_hours'][:2]
        raise argparse.ArgumentTypeError('"%s" is not a number of hours from %s to %s (0: every line)' % (
            text, low, high))
    return number


def add_log_options(parser):
    parser.add_argument('--logs', required=True, metavar='PATH',
                        help="a server's Logs folder, its 'PMS Plugin Logs' folder, any folder of logs, "
                             "or one log file")
    parser.add_argument('--hours', type=hours, default=None, metavar='H',
                        help='only the H hours up to the newest line found (default or 0: every line)')
    parser.add_argument('--agent', default=None, metavar='ID', help='only this agent identifier')


def read_logs(args, err, name):
    """(snapshot, exit status) for the logs the arguments name; (None, status) when there is
    nothing true to show. Each unread folder or file is one line on `err`."""
    try:
        snapshot = run_aggregation(args.logs, hours=args.hours or None, agent=args.agent)
    except LogsNotFound as error:
        write(err, u'%s: %s\n' % (name, error))
        return None, USAGE_ERROR
    status = 0
    skipped = snapshot['skipped']
    not_read = unread(skipped)
    for entry in sorted(skipped):
        count = u' (%d)' % skipped[entry] if skipped[entry] > 1 else u''
        if entry in not_read:
            write(err, u'%s: could not read: %s%s\n' % (name, entry, count))
            status = NOT_READ
        elif u':' in entry:     # a file discovery named, such as a FIFO: left out on purpose
            write(err, u'%s: left out: %s%s\n' % (name, entry, count))
    if args.agent and args.agent not in snapshot['agents']:
        found = discover(args.logs, {})
        if found:
            seen = sorted(set(f.agent for f in found if f.agent))
            write(err, u'%s: no line of agent %s in %s; agents seen: %s\n' % (
                name, args.agent, args.logs, u', '.join(seen) or u'none (server logs only)'))
            return None, NOT_READ
    if not snapshot['files']:
        write(err, u'%s: no log files found in %s\n' % (name, args.logs))
        return None, NOT_READ
    return snapshot, status
