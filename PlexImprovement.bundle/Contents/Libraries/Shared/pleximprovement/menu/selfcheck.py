# -*- coding: utf-8 -*-
"""The menu's Self-check page and the line it puts at the top of Status.

In: the runtime (Plug-ins and Logs folders, token, clock), the strings and the Settings (server
URL, agents allowed). Out: views (views.py). The page runs every check again (selfcheck/run.py)
and shows one entry per check: OK, PROBLEM, WARNING or UNKNOWN, what was found and, when
something is wrong, the fix; it ends with "Back to the main menu". Status gets one line when
the last result holds a problem; it reuses a result younger than selfcheck/run.py MAX_AGE and
never calls the server then. Server calls here wait SERVER_TIMEOUT seconds at most, no retry.
"""
from __future__ import absolute_import, division, print_function

import os
import sys

from . import views
from ..names import CONTENTS_DIR, IDENTIFIER
from ..pms.client import PmsClient
from ..selfcheck.bundle import same_path
from ..selfcheck.result import PROBLEM, UNKNOWN, WARNING, counts, text_of
from ..selfcheck.run import SelfCheckCache, run_checks
from .status import format_time

PATH = '/selfcheck'
SERVER_TIMEOUT = 3.0


def running_bundle(contents_dir=CONTENTS_DIR):
    """The bundle folder the running core was loaded from."""
    return os.path.dirname(contents_dir)


def shared_on_path(bundle, path=None):
    """True when the bundle's Contents/Libraries/Shared is on sys.path (the framework puts it there
    under the Elevated policy only, plex-runtime.md §2.5)."""
    shared = os.path.join(bundle, 'Contents', 'Libraries', 'Shared')
    return any(entry and same_path(entry, shared) for entry in (sys.path if path is None else path))


class SelfCheckPages(object):
    """``settings()`` gives the current Settings."""

    def __init__(self, runtime, text, settings):
        self.rt = runtime
        self.text = text
        self.settings = settings
        self.cache = SelfCheckCache(self.compute, runtime.clock.now)

    def compute(self):
        settings = self.settings()
        client = PmsClient(settings.server_url, self.rt.token, timeout=SERVER_TIMEOUT, retries=0)
        bundle = running_bundle()
        return run_checks(client, self.rt.paths.plugins_dir, self.rt.logs_dir(), IDENTIFIER,
                          settings.agent_allowed, bundle, shared_on_path(bundle))

    def mark(self, status):
        return self.text('SELFCHECK_MARK_' + status.upper())

    def entry(self, one):
        said = text_of(self.text, one)
        return views.entry(u'%s: %s' % (self.mark(one['status']), said), PATH, said)

    def page(self):
        result = self.cache.latest(refresh=True)
        found = counts(result['checks'])
        summary = self.text('SELFCHECK_SUMMARY', problems=found[PROBLEM], warnings=found[WARNING],
                            unknown=found[UNKNOWN], when=format_time(result['time']))
        entries = [views.entry(summary, PATH)]
        entries.extend(self.entry(one) for one in result['checks'])
        entries.append(views.back_entry(self.text))
        return views.view(self.text('MENU_SELFCHECK'), entries)

    def status_entries(self):
        """[] when the last self-check found no problem, else one line naming the first problem."""
        checks = self.cache.latest()['checks']
        problems = [one for one in checks if one['status'] == PROBLEM]
        if not problems:
            return []
        return [views.entry(self.text('SELFCHECK_STATUS_LINE', problems=len(problems),
                                      first=self.text(problems[0]['key'], **problems[0]['params'])),
                            PATH, text_of(self.text, problems[0]))]
