# -*- coding: utf-8 -*-
"""Every self-check in order, and the last result kept with its time.

In: the Plug-ins folder, the Logs folder, a PmsClient, this plug-in's identifier, which agents
the owner wants improved and, inside Plex, the running bundle and whether its Libraries/Shared is
on sys.path. Out: the list of checks (result.py): bundle and policy (bundle.py), the server
(server.py), the logs (logs.py).

SelfCheckCache keeps the last result: Status asks for it on every visit and must stay fast, so a
result younger than `max_age` seconds is handed out without calling the server; the self-check
page asks for a fresh one. One computation at a time (a second caller waits for the first).
"""
from __future__ import absolute_import, division, print_function

import threading

from ..contributor.targets import installed_agents
from .bundle import bundle_checks
from .logs import logs_check
from .server import server_checks

MAX_AGE = 300.0


def run_checks(client, plugins_dir, logs_dir, identifier, agent_allowed=None, running_bundle=None,
               shared_on_path=None):
    checks = bundle_checks(plugins_dir, identifier, running_bundle, shared_on_path)
    checks.extend(server_checks(client, identifier, installed_agents(plugins_dir), agent_allowed))
    checks.append(logs_check(logs_dir))
    return checks


class SelfCheckCache(object):
    """`compute()` -> checks; `now()` -> seconds. latest() gives {'time', 'checks'}."""

    def __init__(self, compute, now, max_age=MAX_AGE):
        self.compute = compute
        self.now = now
        self.max_age = max_age
        self.lock = threading.Lock()
        self.last = None

    def fresh(self):
        last = self.last
        return last is not None and 0 <= self.now() - last['time'] <= self.max_age

    def latest(self, refresh=False):
        """The kept result when fresh (and not `refresh`), else a new one."""
        with self.lock:
            if refresh or not self.fresh():
                checks = self.compute()
                self.last = {'time': self.now(), 'checks': checks}
            return self.last
