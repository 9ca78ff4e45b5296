# -*- coding: utf-8 -*-
"""The Plex Media Server's HTTP API, as PlexImprovement needs it (plex-runtime.md section 7).

    client.py      PmsClient: base URL, token (header only), timeouts, bounded retries
    errors.py      the failures a caller acts on: TokenRefused, ServerUnreachable,
                   ServerTimeout, ServerError, BadAnswer (messages never hold the token)
    library.py     sections with their agent, items of a section (paged, unmatched ones
                   too), one item: plain dicts
    refresh.py     refresh an item or a section, list /activities
    completion.py  wait until a refresh has finished (activity, updatedAt, a log predicate,
                   a deadline)
    plugins.py     list plug-ins, restart one (or learn that the server will not), its prefs
    agents.py      a primary agent's contributors and their configuration (enabled or not)
"""
from __future__ import absolute_import, division, print_function
