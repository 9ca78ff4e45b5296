# -*- coding: utf-8 -*-
"""Offline command line: `python -m pleximprovement <command> ...`.

COMMANDS maps a sub-command name to its module's `main(argv) -> exit code`: one module per
command (aggregate.py, diagnose.py), so adding a command is a module and a line here.
"""
from __future__ import absolute_import, division, print_function

import sys

from . import aggregate, diagnose
from .output import USAGE_ERROR

COMMANDS = {
    'aggregate': aggregate.main,
    'diagnose': diagnose.main,
}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        sys.stderr.write('usage: python -m pleximprovement {%s} ...\n' % ','.join(sorted(COMMANDS)))
        return USAGE_ERROR
    return COMMANDS[argv[0]](argv[1:])
