# -*- coding: utf-8 -*-
"""pmssim: a simulated Plex Media Server on 127.0.0.1 that really runs a legacy agent.

PlexImprovement refreshes items through the server API and judges the outcome from the
logs, so the simulation behaves like PMS where the plug-in can see it: the same paths,
XML shapes and attribute names (plexapi's names), tokens, asynchronous refreshes visible
in /activities, the agent executed in the framework emulator (harness.plexemu: search,
then update) writing its real-format plug-in log, and the main server log lines around a
refresh. Folders come from the core's Plex folder layout (pleximprovement.runtime.paths).

The parts, one job each:
  server     SimServer (assembles the parts below), summarize/measure_baseline, the command line
  api        HTTP routing, token check, Request/Completed log lines
  refresh    refresh queue, workers, Activities, one outcome per item
  system     what System's agentservice.py does: search (with fallback), update, its log lines
  contributors  contributing agents: which exist and are enabled, System calling them after an update
  assumptions  every choice the sources leave open, with its stricter default, switchable
  kinds      which kind of server: version, legacy runtime, Show Legacy Agent, metadata providers
  plugins    plug-in hosting in the emulator, prefs files, restarts, /:/plugins views
  xml        XML serialisation and the server/section/item/activity views
  library    what the server stores: the movie section and its items (SimItem)
  catalogue  the deterministic movie catalogue behind it: messy file names, each title's truth
  fakesite   the loopback metadata site the sample agent scrapes, with its defences and faults
  http       the loopback HTTP server both servers use (every thread joined at stop)
  logs       the server's own logs (Plex Media Server.log, com.plexapp.system.log), rolled
  agents/    the sample agent bundle the server hosts
  realfw_check  manual check: the sample agent in the REAL framework against the fake site

`make sim` runs ``python -m harness.pmssim`` (see server.py for the command line;
``--assume name=value`` switches an assumption).
"""
from __future__ import absolute_import, division, print_function
