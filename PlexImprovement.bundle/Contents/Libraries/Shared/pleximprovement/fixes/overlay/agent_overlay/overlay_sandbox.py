# -*- coding: utf-8 -*-
"""What the overlay needs to know about the plug-in sandbox it runs in.

In: the kits the added line in Code/__init__.py passes (names and order in KIT_NAMES) and functions
defined by the agent. Out: a writer for the agent's log that can never raise into the agent (every
overlay line starts with LOG_PREFIX, the active line with ACTIVE_PREFIX, which Phase 4 looks for) and
the parameter lists of framework and agent functions (the framework passes optional arguments only to
functions that name them, so wrappers must keep those names).
"""
from __future__ import absolute_import, division, print_function

import inspect
import re

KIT_NAMES = ('HTTP', 'HTML', 'XML', 'JSON', 'Log', 'Agent')
LOG_PREFIX = 'PlexImprovement overlay'
ACTIVE_PREFIX = LOG_PREFIX + ' active:'
IDENTIFIER = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


class Logger(object):
    """Writes `LOG_PREFIX message` through the sandbox's Log kit; a failing Log never reaches the agent."""

    def __init__(self, log_kit):
        self.kit = log_kit

    def emit(self, level, text, *args):
        try:
            getattr(self.kit, level)(text, *args)
        except Exception:
            pass

    def write(self, level, message, *args):
        self.emit(level, LOG_PREFIX + ' ' + message, *args)

    def active(self, overlay_ids):
        """The one line naming the installed overlays."""
        self.emit('Info', ACTIVE_PREFIX + ' %s', ', '.join(overlay_ids))

    def guarded(self, what, function, *args):
        """function(*args), or None (logged) when the overlay's own logic fails."""
        try:
            return function(*args)
        except Exception as exc:
            self.write('Warn', '%s: internal error %s: %s; the original call is used', what, type(exc).__name__,
                       exc)
            return None


def argspec(function):
    """(names, varargs, varkw, defaults) of a plain function or method, or None when the parameters are not
    plain names (keyword-only arguments, 2.7 tuple parameters, builtins)."""
    try:
        if hasattr(inspect, 'getfullargspec'):
            found = inspect.getfullargspec(function)
            if found.kwonlyargs:
                return None
            spec = (found.args, found.varargs, found.varkw, found.defaults)
        else:
            spec = tuple(inspect.getargspec(function))
    except (TypeError, ValueError):
        return None
    if not all(isinstance(name, str) and IDENTIFIER.match(name) for name in spec[0]):
        return None
    return spec
