# -*- coding: utf-8 -*-
"""The simulated server itself (SimServer), its figures, and the command line `make sim` runs.

Usage:
    sim = SimServer(app_support_dir, seed=1, library_size=300)   # assumptions=Assumptions(...)
    base_url = sim.start()                # 'http://127.0.0.1:PORT'
    ... requests with X-Plex-Token = sim.token ...
    sim.stop()                            # every server and thread ends

Command line (``make sim``, i.e. ``python -m harness.pmssim`` with tests/, tools/ and the
bundle's Libraries/Shared on PYTHONPATH): prints one line ``PMS http://127.0.0.1:PORT
token=TOKEN``, then ``Plug-ins: DIR`` and ``Logs: DIR`` (what the offline commands are
pointed at: trial --plugins, --logs), and serves until Ctrl-C / SIGTERM; ``--measure`` runs
a full-library refresh with the agent as it ships and prints the baseline success rate;
``--assume name=value`` (repeatable) switches one of the assumptions.

Deviations from a real PMS (kept on purpose, or not knowable from the sources):
- The section uses the "Plex Video Files Scanner" behaviour: the title is the file name
  (extension dropped, dots/underscores -> spaces). The Plex Movie Scanner would strip
  years and tags; scene/adult agents are usually paired with the files scanner.
- Only a movie section; XML only (no JSON for ``Accept: application/json``); no
  websocket notifications -- /activities (which may miss an item refresh), updatedAt (which
  a failed update may leave), the section's ``refreshing`` flag and the logs are the
  completion signals.
- Where plex-runtime.md and the framework source are silent (which items a refresh touches,
  when a result is accepted, what a failed update leaves, whether an item refresh shows in
  /activities, /:/plugins/<id>/restart for other plug-ins, the main log's size limit, how many
  items are refreshed at once) the sim follows `assumptions` (assumptions.py, one place,
  each switchable; docs/decisions.md lists them).
- Main-log wording of the refresh lines beyond Request/Completed/"Issuing search query"/
  "Starting plug-in" is plausible, not copied from a real server.
"""
from __future__ import absolute_import, division, print_function

import argparse
import hashlib
import io
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from xml.etree import ElementTree

from pleximprovement.runtime.paths import ServerLayout

from harness.plexemu.compat import makedirs

from . import catalogue, fakesite, http, logs
from .api import PMSHandler
from .library import SCANNER, Section, SimItem, now_ts
from .assumptions import Assumptions
from .contributors import Contributors
from .kinds import KINDS, ServerKind
from .plugins import SAMPLE_AGENT_BUNDLE, PluginHosting
from .refresh import DEFAULT_PACE, RefreshQueue, error_class
from .system import UPDATE_LIMIT, AgentService
from .xml import LibraryViews

try:  # pragma: no cover - 2.7 only
    import Queue as queue_module
    import urllib2 as request_module
except ImportError:
    import queue as queue_module
    import urllib.request as request_module


class SimServer(LibraryViews, PluginHosting, RefreshQueue, AgentService, Contributors):
    """The simulated server. See the module docstring."""

    def __init__(self, app_support_dir, seed=1, library_size=catalogue.DEFAULT_SIZE,
                 site_config=None, token=None, agent_bundle=None, port=0,
                 start_agents=True, pace=DEFAULT_PACE, assumptions=None, kind=None):
        self.app_support = os.path.abspath(app_support_dir)
        self.layout = ServerLayout(self.app_support)
        self.seed = seed
        self.catalogue = catalogue.Catalogue(seed=seed, size=library_size)
        self.site_config = site_config if site_config is not None else fakesite.SiteConfig(seed=seed)
        self.token = token or hashlib.sha1(os.urandom(16)).hexdigest()[:20]
        self.agent_source = agent_bundle or SAMPLE_AGENT_BUNDLE
        self.assumptions = assumptions if assumptions is not None else Assumptions()
        self.kind = kind if kind is not None else ServerKind()
        self.update_slots = threading.BoundedSemaphore(UPDATE_LIMIT)
        self.item_refreshes = 0
        self.next_dispatch = 0.0
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
        self.agent_configs = {}

    @property
    def agent_bundle_path(self):
        """Where the agent is installed: Plug-ins/<the source bundle's folder name>."""
        return self.layout.bundle_dir(os.path.basename(self.agent_source.rstrip('/\\')))

    # -- life cycle --------------------------------------------------------------------------
    def start(self):
        """Start the site, the API and the agent; returns the base URL."""
        self.started_at = time.time()
        self.layout.create()
        makedirs(self.layout.preferences_dir)
        self.server_log = logs.ServerLog(self.layout.logs_dir, self.assumptions.main_log_max_bytes)
        self.system_log = logs.SystemLog(self.layout.plugin_logs_dir)
        self.server_log.info(u'Plex Media Server v%s - simulated (PlexImprovement test harness) - '
                             u'build: linux-x86_64' % self.kind.version)
        self.site = fakesite.FakeSite(self.catalogue.site_entries, self.site_config)
        site_url = self.site.start()
        try:
            self.install_agent(site_url)
            self.build_library()
            self.server = http.LoopbackHTTPServer(PMSHandler, context=self, port=self.port)
            port = self.server.start('pms-sim')
            self.base_url = 'http://127.0.0.1:%d' % port
            self.server_log.info(u'HttpServer: Listening on 127.0.0.1:%d' % port)
            for number in range(max(1, self.assumptions.parallel_refreshes)):
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
        section = Section(1, u'Movies', self.agent_id, catalogue.LIBRARY_ROOT, created)
        self.sections[section.id] = section
        for entry in self.catalogue.items:
            rating_key = entry.index + 1
            item = SimItem(rating_key, entry, section, created + entry.index)
            section.items.append(item)
            self.items[rating_key] = item
        self.server_log.debug(u'Library section %d "%s" has %d items (agent %s, scanner %s).'
                              % (section.id, section.title, len(section.items), section.agent, SCANNER))


# -- measuring and the command line ------------------------------------------------------------

def api_get(base_url, token, path, method='GET'):
    """A small client for the sim's API (stdlib only; the plug-in has its own)."""
    req = request_module.Request(base_url + path, headers={'X-Plex-Token': token, 'Accept': 'application/xml'})
    req.get_method = lambda: method
    handle = request_module.urlopen(req, timeout=30)
    try:
        return handle.read()
    finally:
        handle.close()


def summarize(sim):
    """Figures of every refresh the sim ran, plus a cross-check from the agent's own log.

    searches / titles_found come from what the agents returned, url_errors from what the
    fake site answered (failed or abandoned fetches): none of them is read from a log.
    """
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
            key = 'score below %d' % sim.assumptions.accept_min_score
        else:
            key = error_class(outcome['error'])
            if key is not None:
                key = '%s in %s' % (key, outcome['phase'])
        if key:
            reasons[key] = reasons.get(key, 0) + 1
    log_searches = log_found = 0
    base = sim.layout.plugin_log(sim.agent_id)
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
    site = sim.site.snapshot() if sim.site else None
    return {
        'items': len(sim.items), 'refreshes': len(outcomes), 'searches': total,
        'titles_found': len(found), 'matched': len(matched), 'updated': len(updated),
        'success_rate': (float(len(found)) / total) if total else 0.0,
        'full_success_rate': (float(len(updated)) / len(outcomes)) if outcomes else 0.0,
        'url_errors': site['failed_fetches'] if site else 0,
        'reasons': reasons, 'site': site,
        'log': {'search_lines': log_searches, 'found_lines': log_found},
    }


def temp_app_support(app_support):
    """(app support dir, temp dir to remove at the end or None): a throwaway one unless given."""
    if app_support is not None:
        return app_support, None
    workdir = tempfile.mkdtemp(prefix='pms-sim-')
    return os.path.join(workdir, 'Plex Media Server'), workdir


def measure_baseline(seed=1, size=catalogue.DEFAULT_SIZE, app_support=None, site_config=None, timeout=900,
                     assumptions=None):
    """Full-library refresh with the agent as it ships, driven through the HTTP API like a client.

    Returns summarize()'s dict plus seconds elapsed. The refresh is started with
    GET /library/sections/1/refresh?force=1 and its end detected by polling /activities.
    """
    app_support, workdir = temp_app_support(app_support)
    sim = SimServer(app_support, seed=seed, library_size=size, site_config=site_config, assumptions=assumptions)
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
        result['assumptions'] = sim.assumptions.as_dict()
        return result
    finally:
        sim.stop()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def format_summary(result):
    lines = ['Baseline full-library refresh (seed %s, %s items, %ss):'
             % (result['seed'], result['size'], result['seconds']),
             '  searches: %d, titles found: %d, matched: %d, updated: %d, failed fetches: %d' % (
                 result['searches'], result['titles_found'], result['matched'], result['updated'],
                 result['url_errors']),
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
    parser = argparse.ArgumentParser(description='Simulated Plex Media Server with the sample agent.')
    parser.add_argument('--app-support', help='app support dir (default: a temp dir removed at exit)')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--size', type=int, default=catalogue.DEFAULT_SIZE, help='library size')
    parser.add_argument('--token', help='X-Plex-Token to require (default: random)')
    parser.add_argument('--port', type=int, default=0, help='port (default: a free one)')
    parser.add_argument('--assume', action='append', default=[], metavar='NAME=VALUE',
                        help='switch one of the assumptions (harness/pmssim/assumptions.py), e.g. '
                             'plugin_restart=any; may be repeated')
    parser.add_argument('--kind', choices=sorted(KINDS), default='legacy',
                        help='which kind of server to play (harness/pmssim/kinds.py), e.g. hidden or no_legacy')
    parser.add_argument('--measure', action='store_true',
                        help='run a full-library refresh with the shipped agent and print the figures')
    parser.add_argument('--json', action='store_true', help='with --measure: print JSON')
    args = parser.parse_args(argv)
    try:
        assumptions = Assumptions.parse(args.assume)
    except ValueError as exc:
        parser.error(str(exc))

    if args.measure:
        result = measure_baseline(seed=args.seed, size=args.size, app_support=args.app_support,
                                  assumptions=assumptions)
        print(json.dumps(result, sort_keys=True, indent=2) if args.json else format_summary(result))
        return 0

    app_support, workdir = temp_app_support(args.app_support)
    stop_event = threading.Event()

    def on_signal(signum, frame):
        stop_event.set()

    # SIGINT too: a shell that starts us in the background leaves SIGINT ignored.
    previous = dict((sig, signal.signal(sig, on_signal)) for sig in (signal.SIGTERM, signal.SIGINT))
    sim = SimServer(app_support, seed=args.seed, library_size=args.size, token=args.token,
                    port=args.port, assumptions=assumptions, kind=KINDS[args.kind])
    try:
        base = sim.start()
        print('PMS %s token=%s' % (base, sim.token))
        print('Plug-ins: %s' % (sim.layout.plugins_dir,))
        print('Logs: %s' % (sim.layout.logs_dir,))
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
