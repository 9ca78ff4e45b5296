# -*- coding: utf-8 -*-
"""The self-check: what is wrong with the set-up, each problem with its fix.

In: the Plug-ins and Logs folders, a PmsClient, this plug-in's identifier, the agents to improve.
Out: a list of checks (result.py), computed by

    bundle.py   the bundle in the Plug-ins folder, the Elevated policy, Libraries/Shared importable
    logs.py     the Logs folder found and readable, and how many days of logs it holds
    server.py   the server: API and token, version, legacy runtime, "Show Legacy Agent",
                custom metadata providers, target agents per library, the contributor
    run.py      all of them in order, and the cache Status reads

The menu page (menu/selfcheck.py) and the command line (cli/selfcheck.py) only draw them.
"""
from __future__ import absolute_import, division, print_function
