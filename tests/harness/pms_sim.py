# -*- coding: utf-8 -*-
"""A simulated Plex Media Server on 127.0.0.1 that really runs a legacy agent.

PlexImprovement refreshes items through the server API and judges the outcome from the
logs, so the simulation must behave like PMS where the plug-in can see it: the same paths,
XML shapes and attribute names (plexapi's names), tokens, asynchronous refreshes visible
in /activities, the agent executed in the framework emulator (search, then update) and
writing its real-format plug-in log, and the main server log lines around a refresh.

Usage:
    sim = SimServer(app_support_dir, seed=1, library_size=300)
    base_url = sim.start()                # 'http://127.0.0.1:PORT'
    ... requests with X-Plex-Token = sim.token ...
    sim.stop()                            # every server and thread ends

Command line (``make sim``): ``python tests/harness/pms_sim.py`` prints one line
``PMS http://127.0.0.1:PORT token=TOKEN`` and serves until Ctrl-C / SIGTERM;
``--measure`` runs a full-library refresh with the agent as it ships and prints the
baseline success rate. See docs in the module body for deviations from the real server.

Deviations from a real PMS (kept on purpose, or not knowable from the sources):
- The section uses the "Plex Video Files Scanner" behaviour: the title is the file name
  (extension dropped, dots/underscores -> spaces). The Plex Movie Scanner would strip
  years and tags; scene/adult agents are usually paired with the files scanner.
- Only a movie section; XML only (no JSON for ``Accept: application/json``); no
  websocket notifications -- /activities, updatedAt and the section's ``refreshing`` flag
  are the completion signals.
- An item that is already matched is refreshed with update only (as PMS does); an
  unmatched one is searched first. The best result needs a score >= 85 (System's rule).
- Restart of a plug-in: touching its Contents/Info.plist makes the next use reload it (what
  System's installservice relies on), and ``GET|PUT /:/plugins/<id>/restart`` reloads at
  once (real PMS has this for com.plexapp.system; for others it is unverified).
- Main-log wording of the refresh lines beyond Request/Completed/"Issuing search query"/
  "Starting plug-in" is plausible, not copied from a real server.

This module is the entry point (SimServer, summarize, measure_baseline, the command line)
and assembles the parts, one job each: sim_library (section and items), sim_xml (XML
views), sim_plugins (plug-in hosting and prefs), sim_refresh (queue, workers, outcomes)
and sim_api (HTTP routing and token check).
"""
from __future__ import absolute_import, division, print_function

import hashlib
import io
import json
import os
import shutil
import signal
import sys
import threading
import time
from xml.etree import ElementTree

if __package__ in (None, ''):  # run as a script: make `harness` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import fakesite, library, sim_http, sim_logs  # noqa: E402
from harness.sim_api import PMSHandler  # noqa: E402
from harness.sim_library import SCANNER, Section, SimItem, now_ts  # noqa: E402
from harness.sim_plugins import SAMPLE_AGENT_BUNDLE, SAMPLE_AGENT_ID, PluginHosting  # noqa: E402
from harness.sim_refresh import DEFAULT_PACE, MATCH_THRESHOLD, RefreshQueue, error_class  # noqa: E402
from harness.sim_xml import SERVER_VERSION, LibraryViews  # noqa: E402

try:  # pragma: no cover - 2.7 only
    import Queue as queue_module
except ImportError:
    import queue as queue_module

# What other modules and tests use from here; the rest lives in the sim_* modules.
__all__ = ['SAMPLE_AGENT_BUNDLE', 'SAMPLE_AGENT_ID', 'SimServer', 'error_class', 'format_summary',
           'main', 'measure_baseline', 'summarize']


class SimServer(LibraryViews, PluginHosting, RefreshQueue):
    """The simulated server. See the module docstring."""

    def __init__(self, app_support_dir, seed=1, library_size=library.DEFAULT_SIZE,
                 site_config=None, token=None, agent_bundle=None, workers=1, port=0,
                 start_agents=True, pace=DEFAULT_PACE):
        self.app_support = os.path.abspath(app_support_dir)
        self.seed = seed
        self.library = library.Library(seed=seed, size=library_size)
        self.site_config = site_config if site_config is not None else fakesite.SiteConfig(seed=seed)
        self.token = token or hashlib.sha1(os.urandom(16)).hexdigest()[:20]
        self.agent_source = agent_bundle or SAMPLE_AGENT_BUNDLE
        self.workers_count = max(1, int(workers))
        self.port = port
        self.start_agents = start_agents
        self.pace = pace
        self.stopping = threading.Event()
        self.machine_identifier = hashlib.sha1(('pms-sim-%s' % seed).encode('ascii')).hexdigest()
        self.lock = threading.RLock()
        self.hosts = {}
        self.jobs = []
        self.queue = queue_module.Queue()
        self.workers = []
        self.server = None
        self.site = None
        self.base_url = None
        self.server_log = None
        self.system_log = None
        self.outcomes = []
        self.started_at = time.time()
        self.request_counter = 0
        self.live = 0
        self.sections = {}
        self.items = {}

    # -- paths -----------------------------------------------------------------------------
    @property
    def plugins_dir(self):
        return os.path.join(self.app_support, 'Plug-ins')

    @property
    def logs_dir(self):
        return os.path.join(self.app_support, 'Logs')

    @property
    def plugin_logs_dir(self):
        return os.path.join(self.logs_dir, 'PMS Plugin Logs')

    @property
    def preferences_dir(self):
        return os.path.join(self.app_support, 'Plug-in Support', 'Preferences')

    @property
    def server_log_path(self):
        return os.path.join(self.logs_dir, sim_logs.SERVER_LOG_NAME)

    def plugin_log_path(self, identifier):
        return os.path.join(self.plugin_logs_dir, identifier + '.log')

    @property
    def agent_bundle_path(self):
        return os.path.join(self.plugins_dir, os.path.basename(self.agent_source.rstrip('/\\')))

    # -- life cycle --------------------------------------------------------------------------
    def start(self):
        """Start the site, the API and the agent; returns the base URL."""
        self.started_at = time.time()
        for path in (self.plugins_dir, self.plugin_logs_dir, self.preferences_dir):
            sim_logs.makedirs(path)
        self.server_log = sim_logs.ServerLog(self.logs_dir)
        self.system_log = sim_logs.SystemLog(self.plugin_logs_dir)
        self.server_log.info(u'Plex Media Server v%s - simulated (PlexImprovement test harness) - '
                             u'build: linux-x86_64' % SERVER_VERSION)
        self.site = fakesite.FakeSite(self.library.site_entries, self.site_config)
        site_url = self.site.start()
        try:
            self.install_agent(site_url)
            self.build_library()
            self.server = sim_http.LoopbackHTTPServer(PMSHandler, context=self, port=self.port)
            port = self.server.start('pms-sim')
            self.base_url = 'http://127.0.0.1:%d' % port
            self.server_log.info(u'HttpServer: Listening on 127.0.0.1:%d' % port)
            for number in range(self.workers_count):
                worker = threading.Thread(target=self.work, name='pms-sim-refresh-%d' % number)
                worker.daemon = True
                worker.start()
                self.workers.append(worker)
            if self.start_agents:
                for host in list(self.hosts.values()):
                    if not host.external and os.path.isdir(os.path.join(host.bundle_path, 'Contents', 'Code')):
                        try:
                            host.ensure()
                        except Exception as exc:  # PMS keeps running when a plug-in fails to start
                            self.server_log.error(u'Error starting plug-in %s: %s' % (host.identifier, exc))
        except Exception:
            self.stop()
            raise
        return self.base_url

    def stop(self):
        """Stop workers, plug-ins, the API and the site; joins every thread it started."""
        self.stopping.set()
        for worker in self.workers:
            self.queue.put(None)
        with self.lock:
            for job in self.jobs:
                job.cancelled = True
        for worker in self.workers:
            worker.join(30)
        self.workers = []
        if self.server is not None:
            self.server.stop()
            self.server = None
        for host in list(self.hosts.values()):
            host.stop()
        if self.site is not None:
            self.site.stop()
            self.site = None
        if self.server_log is not None:
            self.server_log.info(u'Plex Media Server is shutting down.')

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def build_library(self):
        created = now_ts() - 86400
        section = Section(1, u'Movies', self.agent_id, library.LIBRARY_ROOT, created)
        self.sections[section.id] = section
        for entry in self.library.items:
            rating_key = entry.index + 1
            item = SimItem(rating_key, entry, section, created + entry.index)
            section.items.append(item)
            self.items[rating_key] = item
        self.server_log.debug(u'Library section %d "%s" has %d items (agent %s, scanner %s).'
                              % (section.id, section.title, len(section.items), section.agent, SCANNER))


# -- measuring and the command line ------------------------------------------------------------

def api_get(base_url, token, path, method='GET'):
    """A small client for the sim's API (stdlib only; the plug-in has its own)."""
    try:  # pragma: no cover - 2.7 only
        import urllib2 as request_module
    except ImportError:
        import urllib.request as request_module
    req = request_module.Request(base_url + path, headers={'X-Plex-Token': token, 'Accept': 'application/xml'})
    req.get_method = lambda: method
    handle = request_module.urlopen(req, timeout=30)
    try:
        return handle.read()
    finally:
        handle.close()


def summarize(sim):
    """Figures of every refresh the sim ran, plus a cross-check from the agent's own log."""
    outcomes = list(sim.outcomes)
    searches = [o for o in outcomes if o['searched']]
    found = [o for o in searches if o['results'] > 0]
    matched = [o for o in searches if o['matched']]
    updated = [o for o in outcomes if o['updated']]
    reasons = {}
    for outcome in outcomes:
        if outcome['searched'] and outcome['results'] == 0 and not outcome['error']:
            key = 'no search results'
        elif outcome['searched'] and outcome['results'] > 0 and not outcome['matched']:
            key = 'score below %d' % MATCH_THRESHOLD
        else:
            key = error_class(outcome['error'])
            if key is not None:
                key = '%s in %s' % (key, outcome['phase'])
        if key:
            reasons[key] = reasons.get(key, 0) + 1
    log_searches = log_found = 0
    base = sim.plugin_log_path(sim.agent_id)
    for path in [base] + ['%s.%d' % (base, n) for n in range(1, 6)]:  # it rolls at 1 MiB
        if not os.path.exists(path) or os.path.getmtime(path) < sim.started_at - 1:
            continue
        with io.open(path, 'rb') as handle:
            for raw in handle:
                line = raw.decode('utf-8', 'replace')
                if ' - Searching for matches for ' in line:
                    log_searches += 1
                elif ' - Found: ' in line:
                    log_found += 1
    total = len(searches)
    return {
        'items': len(sim.items), 'refreshes': len(outcomes), 'searches': total,
        'titles_found': len(found), 'matched': len(matched), 'updated': len(updated),
        'success_rate': (float(len(found)) / total) if total else 0.0,
        'full_success_rate': (float(len(updated)) / len(outcomes)) if outcomes else 0.0,
        'reasons': reasons, 'site': sim.site.snapshot() if sim.site else None,
        'log': {'search_lines': log_searches, 'found_lines': log_found},
    }


def temp_app_support(app_support):
    """(app support dir, temp dir to remove at the end or None): a throwaway one unless given."""
    if app_support is not None:
        return app_support, None
    import tempfile
    workdir = tempfile.mkdtemp(prefix='pms-sim-')
    return os.path.join(workdir, 'Plex Media Server'), workdir


def measure_baseline(seed=1, size=library.DEFAULT_SIZE, app_support=None, site_config=None, timeout=900):
    """Full-library refresh with the agent as it ships, driven through the HTTP API like a client.

    Returns summarize()'s dict plus seconds elapsed. The refresh is started with
    GET /library/sections/1/refresh?force=1 and its end detected by polling /activities.
    """
    app_support, workdir = temp_app_support(app_support)
    sim = SimServer(app_support, seed=seed, library_size=size, site_config=site_config)
    started = time.time()
    try:
        base = sim.start()
        api_get(base, sim.token, '/library/sections/1/refresh?force=1')
        deadline = time.time() + timeout
        while time.time() < deadline:
            root = ElementTree.fromstring(api_get(base, sim.token, '/activities'))
            if root.get('size') == '0':
                break
            time.sleep(0.2)
        result = summarize(sim)
        result['seconds'] = round(time.time() - started, 1)
        result['seed'], result['size'] = seed, size
        result['site_config'] = sim.site_config.as_dict()
        return result
    finally:
        sim.stop()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def format_summary(result):
    lines = ['Baseline full-library refresh (seed %s, %s items, %ss):'
             % (result['seed'], result['size'], result['seconds']),
             '  searches: %d, titles found: %d, matched: %d, updated: %d' % (
                 result['searches'], result['titles_found'], result['matched'], result['updated']),
             '  success rate (titles found / searches): %.1f %%' % (100.0 * result['success_rate']),
             '  full success (metadata updated / refreshes): %.1f %%' % (100.0 * result['full_success_rate']),
             '  agent log: %d "Searching for matches" lines, %d "Found:" lines' % (
                 result['log']['search_lines'], result['log']['found_lines']),
             '  reasons:']
    for reason, count in sorted(result['reasons'].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append('    %5d  %s' % (count, reason))
    site = result.get('site') or {}
    lines.append('  site: %d requests, statuses %s' % (site.get('requests', 0),
                                                       json.dumps(site.get('status', {}), sort_keys=True)))
    return '\n'.join(lines)


def main(argv=None):
    import argparse
    parser = argparse.ArgumentParser(description='Simulated Plex Media Server with the sample agent.')
    parser.add_argument('--app-support', help='app support dir (default: a temp dir removed at exit)')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--size', type=int, default=library.DEFAULT_SIZE, help='library size')
    parser.add_argument('--token', help='X-Plex-Token to require (default: random)')
    parser.add_argument('--port', type=int, default=0, help='port (default: a free one)')
    parser.add_argument('--workers', type=int, default=1, help='parallel refresh workers')
    parser.add_argument('--measure', action='store_true',
                        help='run a full-library refresh with the shipped agent and print the figures')
    parser.add_argument('--json', action='store_true', help='with --measure: print JSON')
    args = parser.parse_args(argv)

    if args.measure:
        result = measure_baseline(seed=args.seed, size=args.size, app_support=args.app_support)
        print(json.dumps(result, sort_keys=True, indent=2) if args.json else format_summary(result))
        return 0

    app_support, workdir = temp_app_support(args.app_support)
    stop_event = threading.Event()

    def on_signal(signum, frame):
        stop_event.set()

    # SIGINT too: a shell that starts us in the background leaves SIGINT ignored.
    previous = dict((sig, signal.signal(sig, on_signal)) for sig in (signal.SIGTERM, signal.SIGINT))
    sim = SimServer(app_support, seed=args.seed, library_size=args.size, token=args.token,
                    port=args.port, workers=args.workers)
    try:
        base = sim.start()
        print('PMS %s token=%s' % (base, sim.token))
        sys.stdout.flush()
        while not stop_event.is_set():
            stop_event.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
