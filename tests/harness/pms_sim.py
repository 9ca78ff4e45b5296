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
"""
from __future__ import absolute_import, division, print_function

import base64
import hashlib
import io
import json
import os
import shutil
import signal
import sys
import threading
import time
import uuid
from xml.etree import ElementTree

if __package__ in (None, ''):  # run as a script: make `harness` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import fakesite, library, sim_http, sim_logs  # noqa: E402

try:  # pragma: no cover - 2.7 only
    import Queue as queue_module
except ImportError:
    import queue as queue_module

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE_AGENT_BUNDLE = os.path.join(HERE, 'agents', 'SampleAgent.bundle')
SAMPLE_AGENT_ID = 'com.plexapp.agents.sampleagent'
SERVER_VERSION = '1.32.2.7100-248a2daf0'
SCANNER = 'Plex Video Files Scanner'
MATCH_THRESHOLD = 85
# Seconds a refresh worker spends per item besides the agent's own work: PMS -> System ->
# plug-in dispatch, database writes. Keeps a full refresh near 20 items/s per worker, so the
# fake site's rate limit bites the way it does for a real server, not a tight loop.
DEFAULT_PACE = 0.05
SEARCH_FUNCTION = 'X0FnZW50S2l0OlNlYXJjaA__'          # _AgentKit:Search, framework encoding
UPDATE_FUNCTION = 'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh'  # _AgentKit:UpdateMetadata
UNAUTHORIZED_BODY = (u'<html><head><title>Unauthorized</title></head><body><h1>401 '
                     u'Unauthorized</h1></body></html>')
XML_TYPE = 'text/xml;charset=utf-8'
OWNER = 'simowner'


def now_ts():
    return int(time.time())


def xml_bytes(element):
    """Serialise like PMS: XML declaration, UTF-8, attributes as given."""
    body = ElementTree.tostring(element, encoding='utf-8')
    if body.startswith(b'<?xml'):
        body = body.split(b'?>', 1)[1].lstrip()
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b'\n'


def el(tag, attrs=None, parent=None):
    """An element whose attribute values are all strings (None values are left out)."""
    clean = {}
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = '1' if value else '0'
        clean[key] = sim_http.to_text(value) if isinstance(value, bytes) else u'%s' % (value,)
    if parent is None:
        return ElementTree.Element(tag, clean)
    return ElementTree.SubElement(parent, tag, clean)


def read_plist_string(path, key):
    """One <string> value of an Info.plist (a regex is enough for the flat plists here)."""
    try:
        with io.open(path, 'rb') as handle:
            text = handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        return None
    marker = u'<key>%s</key>' % key
    at = text.find(marker)
    if at < 0:
        return None
    start = text.find(u'<string>', at)
    end = text.find(u'</string>', start)
    if start < 0 or end < 0:
        return None
    return text[start + len(u'<string>'):end].strip()


def file_mtime(path):
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def packed(value):
    """A stand-in for the framework's packed (cerealized, base64) call arguments."""
    data = json.dumps(value, sort_keys=True).encode('utf-8')
    return base64.b64encode(data).decode('ascii').replace('/', '@').replace('+', '*').replace('=', '_')


class AgentHost(object):
    """One plug-in bundle run in the framework emulator, started on demand like PMS does.

    Touching Contents/Info.plist (what System does to restart a plug-in) makes the next
    use reload it; `restart()` reloads at once.
    """

    def __init__(self, sim, bundle_path, identifier, emulator=None):
        self.sim = sim
        self.bundle_path = bundle_path
        self.identifier = identifier
        self.emulator = emulator
        self.external = emulator is not None
        self.started_mtime = file_mtime(self.plist_path) if emulator is not None else None
        self.lock = threading.RLock()
        self.starts = 0
        self.name = self.read_agent_name()

    @property
    def plist_path(self):
        return os.path.join(self.bundle_path, 'Contents', 'Info.plist')

    def read_agent_name(self):
        """The agent's `name` class attribute, read from its code (the sim lists it early)."""
        path = os.path.join(self.bundle_path, 'Contents', 'Code', '__init__.py')
        try:
            with io.open(path, 'rb') as handle:
                text = handle.read().decode('utf-8', 'replace')
        except (IOError, OSError):
            return self.identifier
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith(u'name =') or stripped.startswith(u'name='):
                value = stripped.split(u'=', 1)[1].strip()
                if len(value) >= 2 and value[0] in u'\'"' and value[-1] == value[0]:
                    return value[1:-1]
        return read_plist_string(self.plist_path, 'CFBundleName') or self.identifier

    @property
    def running(self):
        return self.emulator is not None

    def ensure(self):
        """The running emulator, (re)started when absent or when Info.plist was touched."""
        with self.lock:
            if self.emulator is not None and file_mtime(self.plist_path) != self.started_mtime:
                self.sim.server_log.debug(u'Plug-in %s changed on disk, restarting it.' % self.identifier)
                self.reload()
            if self.emulator is None:
                self.start()
            else:
                self.sim.server_log.debug(u"Perfect cache hit, we don't need to start [%s] yet."
                                          % self.identifier)
            return self.emulator

    def start(self):
        from harness import plexemu
        self.sim.server_log.debug(u'Starting plug-in %s.' % self.bundle_path)
        emulator = plexemu.Emulator(self.bundle_path, self.sim.app_support,
                                    env={'PLEXTOKEN': self.sim.token},
                                    server_url=self.sim.base_url)
        emulator.start()
        self.emulator = emulator
        self.started_mtime = file_mtime(self.plist_path)
        self.starts += 1
        self.name = self.read_agent_name()

    def reload(self):
        with self.lock:
            if self.emulator is None:
                self.start()
                return
            self.sim.server_log.debug(u'Starting plug-in %s.' % self.bundle_path)
            self.emulator.reload()
            self.started_mtime = file_mtime(self.plist_path)
            self.starts += 1
            self.name = self.read_agent_name()

    def stop(self):
        with self.lock:
            if self.emulator is not None and not self.external:
                self.emulator.stop()
                self.emulator = None


class SimItem(object):
    """A movie in the library: the file, what the scanner made of it, what an agent set."""

    def __init__(self, rating_key, entry, section, added_at):
        self.rating_key = rating_key
        self.entry = entry                  # library.LibraryItem (the truth)
        self.section = section
        self.added_at = added_at
        self.media_id = 1000 + rating_key
        self.part_id = 2000 + rating_key
        digest = hashlib.sha1(entry.file_name.encode('utf-8')).hexdigest()
        self.size = 700000000 + int(digest[:6], 16) * 37
        self.duration = (85 + int(digest[6:8], 16) % 60) * 60000
        self.hash = digest[:16]
        self.history = []
        self.reset()

    def reset(self):
        """Back to what the scanner found: unmatched, local:// guid, no agent fields."""
        self.guid = u'local://%d' % self.rating_key
        self.title = self.entry.scanned_title
        self.year = self.entry.scanned_year
        self.summary = u''
        self.studio = None
        self.rating = None
        self.genres = []
        self.thumb = None
        self.updated_at = self.added_at
        self.agent_id = None

    @property
    def matched(self):
        return not self.guid.startswith(u'local://')

    @property
    def key(self):
        return u'/library/metadata/%d' % self.rating_key

    @property
    def path(self):
        return self.entry.path


class Section(object):
    def __init__(self, section_id, title, agent, location, created_at):
        self.id = section_id
        self.title = title
        self.agent = agent
        self.location = location
        self.created_at = created_at
        self.updated_at = created_at
        self.scanned_at = created_at
        self.uuid = str(uuid.UUID(hashlib.md5(('section%d' % section_id).encode('ascii')).hexdigest()))
        self.items = []


class Job(object):
    """One refresh request: a single item or a whole section; an Activity while running."""

    def __init__(self, kind, section, items, force, title):
        self.uuid = str(uuid.uuid4())
        self.kind = kind
        self.section = section
        self.items = items
        self.force = force
        self.title = title
        self.total = len(items)
        self.done = 0
        self.cancelled = False
        self.current = None
        self.finished = threading.Event()
        if not items:
            self.finished.set()


class SimServer(object):
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

    def install_agent(self, site_url):
        """Copy the agent into Plug-ins (unless one is there) and point its prefs at the site."""
        target = self.agent_bundle_path
        if not os.path.isdir(target):
            shutil.copytree(self.agent_source, target)
        identifier = read_plist_string(os.path.join(target, 'Contents', 'Info.plist'),
                                       'CFBundleIdentifier') or SAMPLE_AGENT_ID
        self.agent_id = identifier
        self.write_plugin_prefs(identifier, {'site_url': site_url})
        self.hosts[identifier] = AgentHost(self, target, identifier)

    def write_plugin_prefs(self, identifier, values):
        """Merge values into Plug-in Support/Preferences/<id>.xml (the framework re-reads it)."""
        path = os.path.join(self.preferences_dir, identifier + '.xml')
        current = {}
        order = []
        if os.path.exists(path):
            try:
                with io.open(path, 'rb') as handle:
                    root = ElementTree.fromstring(handle.read())
                for child in root:
                    current[child.tag] = child.text or u''
                    order.append(child.tag)
            except (IOError, OSError, ElementTree.ParseError):
                current, order = {}, []
        for key, value in values.items():
            if key not in current:
                order.append(key)
            current[key] = sim_http.to_text(value)
        root = el('PluginPreferences')
        for key in order:
            child = ElementTree.SubElement(root, key)
            child.text = current[key]
        data = ElementTree.tostring(root, encoding='utf-8')
        if not data.startswith(b'<?xml'):
            data = b"<?xml version='1.0' encoding='utf-8'?>\n" + data
        temp = path + '.tmp'
        with io.open(temp, 'wb') as handle:
            handle.write(data)
        sim_logs.replace_file(temp, path)

    def read_plugin_prefs(self, identifier):
        path = os.path.join(self.preferences_dir, identifier + '.xml')
        values = {}
        try:
            with io.open(path, 'rb') as handle:
                for child in ElementTree.fromstring(handle.read()):
                    values[child.tag] = child.text or u''
        except (IOError, OSError, ElementTree.ParseError):
            pass
        return values

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

    # -- plug-ins --------------------------------------------------------------------------
    def attach_plugin(self, identifier, emulator, bundle_path=None):
        """Let the sim proxy prefs/restart of a plug-in hosted elsewhere (e.g. PlexImprovement)."""
        with self.lock:
            path = bundle_path or getattr(emulator, 'bundle_path', None) or ''
            self.hosts[identifier] = AgentHost(self, path, identifier, emulator=emulator)

    def host(self, identifier):
        return self.hosts.get(identifier)

    def installed_plugins(self):
        """(identifier, bundle path) of every bundle in Plug-ins plus attached ones."""
        found = {}
        try:
            names = sorted(os.listdir(self.plugins_dir))
        except OSError:
            names = []
        for name in names:
            if not name.endswith('.bundle'):
                continue
            path = os.path.join(self.plugins_dir, name)
            identifier = read_plist_string(os.path.join(path, 'Contents', 'Info.plist'), 'CFBundleIdentifier')
            if identifier:
                found[identifier] = path
        for identifier, host in self.hosts.items():
            found.setdefault(identifier, host.bundle_path)
        return sorted(found.items())

    def restart_plugin(self, identifier):
        host = self.hosts.get(identifier)
        if host is None:
            path = dict(self.installed_plugins()).get(identifier)
            if path is None:
                return False
            host = AgentHost(self, path, identifier)
            self.hosts[identifier] = host
        host.reload()
        return True

    # -- refreshing ------------------------------------------------------------------------
    def enqueue(self, kind, section, items, force, title):
        job = Job(kind, section, items, force, title)
        with self.lock:
            self.jobs.append(job)
        for item in items:
            self.queue.put((job, item))
        return job

    def refresh_item(self, rating_key, force=True):
        item = self.items[rating_key]
        return self.enqueue('item', item.section, [item], force, item.title)

    def refresh_section(self, section_id, force=True):
        section = self.sections[section_id]
        items = list(section.items) if force else [i for i in section.items if not i.matched]
        return self.enqueue('section', section, items, force, section.title)

    def cancel_section(self, section_id):
        with self.lock:
            for job in self.jobs:
                if job.section.id == section_id and not job.finished.is_set():
                    job.cancelled = True

    def active_jobs(self):
        with self.lock:
            self.jobs = [job for job in self.jobs if not job.finished.is_set()]
            return list(self.jobs)

    def wait_idle(self, timeout=None):
        """Block until no refresh is queued or running (for tests and the CLI)."""
        deadline = None if timeout is None else time.time() + timeout
        while True:
            jobs = self.active_jobs()
            if not jobs:
                return True
            remaining = None if deadline is None else deadline - time.time()
            if remaining is not None and remaining <= 0:
                return False
            jobs[0].finished.wait(0.5 if remaining is None else min(0.5, remaining))

    def work(self):
        while True:
            task = self.queue.get()
            if task is None:
                return
            job, item = task
            try:
                if not job.cancelled and not self.stopping.is_set():
                    job.current = item
                    if self.pace:
                        self.stopping.wait(self.pace)
                    self.process(item, job.force)
            except Exception as exc:  # pragma: no cover - a sim bug must not kill the worker
                self.server_log.error(u'Exception refreshing item %d: %r' % (item.rating_key, exc))
            finally:
                with self.lock:
                    job.done += 1
                    if job.done >= job.total:
                        job.current = None
                        job.finished.set()

    def hints_for(self, item):
        hints = {'name': item.title, 'id': str(item.rating_key),
                 'filename': sim_http.quote(item.path.encode('utf-8'), safe=b''),
                 'duration': str(item.duration), 'openSubtitlesHash': item.hash}
        if item.year:
            hints['year'] = str(item.year)
        return hints

    def process(self, item, force):
        """What PMS + System do for one item: search if unmatched, then update; store it."""
        host = self.hosts.get(item.section.agent)
        outcome = {'ratingKey': item.rating_key, 'agent': item.section.agent, 'searched': False,
                   'results': 0, 'score': None, 'matched': item.matched, 'updated': False,
                   'error': None, 'phase': None, 'started': time.time()}
        log = self.server_log
        log.debug(u'Refreshing metadata for item %d "%s" (force=%d).'
                  % (item.rating_key, item.title, 1 if force else 0))
        if host is None:
            outcome['error'] = 'agent %s is not installed' % item.section.agent
            log.error(u"Request for plug-in [%s] but it doesn't exist." % item.section.agent)
            return self.finish(item, outcome)
        try:
            emulator = host.ensure()
        except Exception as exc:
            outcome['error'], outcome['phase'] = repr(exc), 'start'
            log.error(u'Error starting plug-in %s: %s' % (host.identifier, exc))
            return self.finish(item, outcome)
        lang = 'en'
        if not item.matched:
            hints = self.hints_for(item)
            query = '&'.join('%s=%s' % (k, sim_http.quote(sim_http.to_bytes(v), safe=b''))
                             for k, v in sorted(hints.items()))
            search_path = (u'/system/agents/search?mediaType=1&%s&identifier=%s&lang=%s&manual=0&primary=1'
                           % (query, host.identifier, lang))
            log.debug(u'Issuing search query: http://127.0.0.1:32400%s' % search_path)
            log.debug(u'[%s] Sending command over HTTP (GET): %s' % (sim_logs.SYSTEM_IDENTIFIER, search_path))
            self.system_log.log('DEBUG', 'agentservice', 375, u'Searching for Movie in %s (%s)'
                                % (host.name, ', '.join('%s=%s' % kv for kv in sorted(hints.items()))))
            outcome['searched'] = True
            outcome['phase'] = 'search'
            mark = self.log_mark(host)
            try:
                results = emulator.agent_search(hints, media_type='Movie', lang=lang, manual=False,
                                                primary=True) or []
            except Exception as exc:
                results = []
                outcome['error'] = describe_error(exc)
            outcome['error'] = outcome['error'] or self.logged_exception(host, mark)
            outcome['results'] = len(results)
            log.debug(u'HTTP 200 response from GET http://127.0.0.1:32400/:/plugins/%s/messaging/function/%s/%s/%s'
                      % (host.identifier, SEARCH_FUNCTION, packed([]), packed(hints)))
            best = None
            for result in results:
                if best is None or int(result.get('score') or 0) > int(best.get('score') or 0):
                    best = result
            if best is not None:
                outcome['score'] = int(best.get('score') or 0)
            if best is None or int(best.get('score') or 0) < MATCH_THRESHOLD:
                self.system_log.log('DEBUG', 'agentservice', 430, u'No match found for %s' % item.title)
                log.debug(u'No match found for item %d "%s" with agent %s.'
                          % (item.rating_key, item.title, host.identifier))
                return self.finish(item, outcome)
            guid = u'%s://%s?lang=%s' % (host.identifier, best.get('id'), best.get('lang') or lang)
            self.system_log.log('DEBUG', 'agentservice', 441, u'Found match with ID %s' % best.get('id'))
            item.guid = guid
            item.agent_id = host.identifier
            outcome['matched'] = True
        metadata_id = item.guid.split(u'://', 1)[1].split(u'?', 1)[0]
        outcome['phase'] = 'update'
        self.system_log.log('DEBUG', 'agentservice', 520, u'Preparing metadata for Movie in %s (%s)'
                            % (host.name, item.rating_key))
        quoted_guid = sim_http.quote(item.guid.encode('utf-8'), safe=b'')
        update_query = u'guid=%s&id=%d&force=%d' % (quoted_guid, item.rating_key, 1 if force else 0)
        log.debug(u'[%s] Sending command over HTTP (GET): /system/agents/update?%s'
                  % (sim_logs.SYSTEM_IDENTIFIER, update_query))
        fields = None
        mark = self.log_mark(host)
        try:
            fields = emulator.agent_update(metadata_id, media_type='Movie', guid=item.guid, lang=lang,
                                           force=bool(force), media=self.media_for(item))
        except Exception as exc:
            outcome['error'] = describe_error(exc)
            fields = getattr(exc, 'fields', None)
        # The framework swallows exceptions in update() (logging them) and still writes the
        # model, so the outcome is read from the agent's log like PlexImprovement would.
        outcome['error'] = outcome['error'] or self.logged_exception(host, mark)
        outcome['updated'] = outcome['error'] is None
        log.debug(u'HTTP 200 response from GET http://127.0.0.1:32400/:/plugins/%s/messaging/function/%s/%s/%s'
                  % (host.identifier, UPDATE_FUNCTION, packed([]), packed({'guid': item.guid, 'id': item.rating_key})))
        if fields:
            self.apply_fields(item, fields)
        self.system_log.log('DEBUG', 'agentservice', 598, u'Metadata preparation for %s complete' % item.guid)
        self.system_log.log('DEBUG', 'agentservice', 612, u'Bundle with guid %s has been updated - notifying '
                            u'the media server' % item.guid)
        item.updated_at = now_ts()
        return self.finish(item, outcome)

    def media_for(self, item):
        """The media tree update() gets (the framework builds it from /library/metadata/<id>/tree)."""
        return {'id': str(item.rating_key), 'title': item.title, 'year': item.year,
                'duration': item.duration, 'guid': item.guid,
                'items': [{'id': str(item.media_id), 'duration': item.duration,
                           'parts': [{'id': str(item.part_id), 'file': item.path, 'size': item.size,
                                      'hash': item.hash, 'duration': item.duration}]}]}

    def log_mark(self, host):
        """(path, size) of the agent's plug-in log before a call."""
        path = self.plugin_log_path(host.identifier)
        try:
            return path, os.path.getsize(path)
        except OSError:
            return path, 0

    def logged_exception(self, host, mark):
        """'IndexError: list index out of range' when this thread logged a traceback since `mark`."""
        path, offset = mark
        try:
            with io.open(path, 'rb') as handle:
                size = os.fstat(handle.fileno()).st_size
                handle.seek(offset if size >= offset else 0)  # the log rolled: read it all
                text = handle.read().decode('utf-8', 'replace')
        except (IOError, OSError):
            return None
        return last_exception(text, '%x' % (threading.current_thread().ident or 0))

    def apply_fields(self, item, fields):
        if fields.get('title'):
            item.title = sim_http.to_text(fields['title'])
        if fields.get('year'):
            try:
                item.year = int(fields['year'])
            except (TypeError, ValueError):
                pass
        if fields.get('summary'):
            item.summary = sim_http.to_text(fields['summary'])
        if fields.get('studio'):
            item.studio = sim_http.to_text(fields['studio'])
        if fields.get('rating') is not None:
            try:
                item.rating = float(fields['rating'])
            except (TypeError, ValueError):
                pass
        genres = fields.get('genres')
        if genres:
            item.genres = sorted(sim_http.to_text(g) for g in genres)
        posters = fields.get('posters')
        if posters:
            item.thumb = u'/library/metadata/%d/thumb/%d' % (item.rating_key, now_ts())

    def finish(self, item, outcome):
        outcome['finished'] = time.time()
        outcome['guid'] = item.guid
        with self.lock:
            item.history.append(outcome)
            self.outcomes.append(outcome)
        return outcome

    # -- XML views -------------------------------------------------------------------------
    def root_xml(self):
        return el('MediaContainer', {
            'size': 0, 'allowCameraUpload': 0, 'allowChannelAccess': 1, 'allowSharing': 0,
            'allowSync': 0, 'backgroundProcessing': 1, 'certificate': 0, 'companionProxy': 1,
            'friendlyName': 'PlexImprovement Sim', 'machineIdentifier': self.machine_identifier,
            'multiuser': 1, 'myPlex': 0, 'platform': 'Linux', 'platformVersion': 'sim',
            'transcoderActiveVideoSessions': 0, 'updatedAt': now_ts(), 'version': SERVER_VERSION})

    def section_xml(self, section, parent):
        refreshing = any(job.section is section and job.kind == 'section' for job in self.active_jobs())
        node = el('Directory', {
            'allowSync': 1, 'art': '/:/resources/movie-fanart.jpg',
            'composite': '/library/sections/%d/composite/%d' % (section.id, section.updated_at),
            'filters': 1, 'refreshing': refreshing, 'thumb': '/:/resources/movie.png',
            'key': section.id, 'type': 'movie', 'title': section.title, 'agent': section.agent,
            'scanner': SCANNER, 'language': 'en-US', 'uuid': section.uuid,
            'updatedAt': section.updated_at, 'createdAt': section.created_at,
            'scannedAt': section.scanned_at, 'content': 1, 'directory': 1,
            'contentChangedAt': section.updated_at, 'hidden': 0}, parent)
        el('Location', {'id': section.id, 'path': section.location}, node)
        return node

    def video_xml(self, item, parent, detail=False):
        attrs = {'ratingKey': item.rating_key, 'key': item.key, 'guid': item.guid, 'type': 'movie',
                 'title': item.title, 'summary': item.summary or None, 'year': item.year, 'thumb': item.thumb,
                 'studio': item.studio, 'rating': item.rating, 'duration': item.duration,
                 'addedAt': item.added_at, 'updatedAt': item.updated_at}
        if item.thumb is None:
            attrs.pop('thumb')
        if detail:
            attrs.update({'librarySectionID': item.section.id, 'librarySectionTitle': item.section.title,
                          'librarySectionKey': '/library/sections/%d' % item.section.id})
        node = el('Video', attrs, parent)
        ext = item.entry.file_name.rsplit(u'.', 1)[-1].lower()
        media = el('Media', {'id': item.media_id, 'duration': item.duration, 'bitrate': 4500,
                             'width': 1920, 'height': 1080, 'aspectRatio': '1.78', 'audioChannels': 2,
                             'audioCodec': 'aac', 'videoCodec': 'h264', 'videoResolution': '1080',
                             'container': ext, 'videoFrameRate': '24p'}, node)
        el('Part', {'id': item.part_id, 'key': '/library/parts/%d/%d/file.%s' % (item.part_id, item.added_at, ext),
                    'duration': item.duration, 'file': item.path, 'size': item.size, 'container': ext},
           media)
        for number, genre in enumerate(item.genres):
            attrs = {'tag': genre}
            if detail:
                attrs.update({'id': 100 + number, 'filter': 'genre=%d' % (100 + number)})
            el('Genre', attrs, node)
        return node

    def library_container(self, section, extra=None):
        attrs = {'allowSync': 1, 'art': '/:/resources/movie-fanart.jpg',
                 'identifier': 'com.plexapp.plugins.library', 'librarySectionID': section.id,
                 'librarySectionTitle': section.title, 'librarySectionUUID': section.uuid,
                 'mediaTagPrefix': '/system/bundle/media/flags/', 'mediaTagVersion': 1683000000,
                 'thumb': '/:/resources/movie.png', 'title1': section.title, 'viewGroup': 'movie',
                 'viewMode': 65592}
        attrs.update(extra or {})
        return el('MediaContainer', attrs)

    def tree_xml(self, item):
        root = el('MediaContainer', {'size': 1, 'identifier': 'com.plexapp.plugins.library',
                                     'mediaTagPrefix': '/system/bundle/media/flags/'})
        meta = el('MetadataItem', {'id': item.rating_key, 'metadataType': 1, 'guid': item.guid,
                                   'title': item.title, 'year': item.year,
                                   'addedAt': item.added_at, 'updatedAt': item.updated_at}, root)
        media = el('MediaItem', {'id': item.media_id, 'duration': item.duration, 'bitrate': 4500,
                                 'container': item.entry.file_name.rsplit(u'.', 1)[-1].lower()}, meta)
        el('MediaPart', {'id': item.part_id, 'file': item.path, 'size': item.size,
                         'hash': item.hash, 'duration': item.duration}, media)
        return root

    def activities_xml(self):
        jobs = self.active_jobs()
        root = el('MediaContainer', {'size': len(jobs)})
        for job in jobs:
            with self.lock:
                progress = int(100 * job.done / job.total) if job.total else 100
                current = job.current
            subtitle = current.title if current is not None else job.title
            node = el('Activity', {'uuid': job.uuid, 'type': 'library.refresh.items', 'cancellable': 0,
                                   'userID': 1, 'title': 'Refreshing', 'subtitle': subtitle,
                                   'progress': progress}, root)
            el('Context', {'librarySectionID': job.section.id}, node)
        return root

    def agents_xml(self, media_type):
        root = el('MediaContainer', {'size': 0})
        agents = []
        for identifier, host in sorted(self.hosts.items()):
            if host.external:
                continue
            agents.append((identifier, host.name, 1, 1))
        agents.append(('com.plexapp.agents.localmedia', 'Local Media Assets', 0, 0))
        agents.append(('com.plexapp.agents.none', 'Personal Media', 1, 0))
        if media_type not in (None, '', '1'):
            agents = []
        for identifier, name, primary, prefs in agents:
            node = el('Agent', {'hasAttribution': 0, 'hasPrefs': prefs, 'identifier': identifier,
                                'primary': primary, 'name': name,
                                'shortIdentifier': identifier.rsplit('.', 1)[-1]}, root)
            el('Language', {'code': 'en'}, node)
        root.set('size', str(len(agents)))
        return root

    def plugins_xml(self):
        plugins = self.installed_plugins()
        root = el('MediaContainer', {'size': len(plugins)})
        for identifier, path in plugins:
            host = self.hosts.get(identifier)
            el('Plugin', {'identifier': identifier,
                          'name': read_plist_string(os.path.join(path, 'Contents', 'Info.plist'), 'CFBundleName')
                          or os.path.basename(path).rsplit('.', 1)[0],
                          'version': read_plist_string(os.path.join(path, 'Contents', 'Info.plist'),
                                                       'CFBundleVersion') or '',
                          'state': 'running' if host is not None and host.running else 'stopped',
                          'key': '/:/plugins/%s' % identifier}, root)
        return root

    def prefs_xml(self, identifier):
        """Settings from DefaultPrefs.json and the user file, like the framework answers."""
        path = dict(self.installed_plugins()).get(identifier)
        if path is None:
            return None
        try:
            with io.open(os.path.join(path, 'Contents', 'DefaultPrefs.json'), 'rb') as handle:
                schema = json.loads(handle.read().decode('utf-8'))
        except (IOError, OSError, ValueError):
            schema = []
        values = self.read_plugin_prefs(identifier)
        root = el('MediaContainer', {'size': len(schema), 'identifier': identifier})
        for pref in schema:
            if pref.get('hidden') in (True, 'true'):
                continue
            value = values.get(pref.get('id'), pref.get('default', ''))
            attrs = {'id': pref.get('id'), 'label': pref.get('label'), 'type': pref.get('type'),
                     'secure': 'true' if pref.get('secure') in (True, 'true') else 'false',
                     'default': pref.get('default', ''), 'value': value}
            if pref.get('type') == 'enum':
                attrs['values'] = '|'.join(pref.get('values') or [])
            if pref.get('option'):
                attrs['option'] = pref.get('option')
            el('Setting', attrs, root)
        return root


def last_exception(text, thread_hex=None):
    """The exception line closing the last '(most recent call last):' record of a thread."""
    found = None
    inside = False
    for line in text.splitlines():
        if line[:4].isdigit() and ' : ' in line[:64]:
            inside = line.endswith('(most recent call last):') and (
                thread_hex is None or ('(%s)' % thread_hex) in line[:64])
            continue
        if inside and line and not line[0].isspace():
            found = line.strip()
            inside = False
    return found


def describe_error(exc):
    """'HTTPError: HTTP Error 403: Forbidden' style text for an exception."""
    try:
        text = sim_http.to_text(str(exc))
    except UnicodeError:
        text = repr(exc)
    return u'%s: %s' % (type(exc).__name__, text)


class PMSHandler(sim_http.QuietHandler):
    """The API. Every path but /identity needs the token (header or query)."""

    server_version = 'PlexMediaServer/' + SERVER_VERSION

    def do_GET(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def dispatch(self):
        sim = self.server.context
        started = time.time()
        path, query, _raw = sim_http.split_target(self.path)
        with sim.lock:
            sim.live += 1
            sim.request_counter += 1
            live = sim.live
        shown = redact_token(self.path)
        peer = '%s:%d' % (self.client_address[0], self.client_address[1])
        token = self.headers.get('X-Plex-Token') or query.get(u'X-Plex-Token')
        authorized = token == sim.token or path == u'/identity'
        sim.server_log.debug(u'Request: [%s (Loopback)] %s %s (%d live) %s' % (
            peer, self.command, shown, live,
            u'Signed-in Token (%s)' % OWNER if authorized else u'Unauthenticated'))
        try:
            if not authorized:
                status, body, ctype, extra = 401, sim_http.to_bytes(UNAUTHORIZED_BODY), 'text/html', {}
            else:
                status, body, ctype, extra = self.route(sim, path, query)
        except Exception as exc:  # pragma: no cover - a sim bug answers 500 like PMS would
            sim.server_log.error(u'Exception handling %s: %r' % (shown, exc))
            status, body, ctype, extra = 500, b'', 'text/html', {}
        body = sim_http.to_bytes(body)
        elapsed = int((time.time() - started) * 1000)
        with sim.lock:
            sim.live -= 1
        # Logged before the body goes out, so a client that got its answer finds the line.
        sim.server_log.debug(u'Completed: [%s] %d %s %s (%d live) %dms %d bytes' % (
            peer, status, self.command, shown, live, elapsed, len(body)))
        self.send_body(status, body, ctype, extra)

    def route(self, sim, path, query):
        parts = [p for p in path.split(u'/') if p]
        method = self.command
        ok_empty = (200, b'', 'text/html', {})
        not_found = (404, b'<html><head><title>Not Found</title></head><body><h1>404 Not Found</h1></body></html>',
                     'text/html', {})
        if not parts:
            return xml_reply(sim.root_xml())
        if parts == [u'identity']:
            return xml_reply(el('MediaContainer', {'size': 0, 'claimed': 0,
                                                   'machineIdentifier': sim.machine_identifier,
                                                   'version': SERVER_VERSION}))
        if parts == [u'activities']:
            return xml_reply(sim.activities_xml())
        if parts[0] == u'library':
            return self.route_library(sim, parts[1:], query, method) or not_found
        if parts[0] == u'system' and parts[1:2] == [u'agents']:
            if len(parts) == 2:
                return xml_reply(sim.agents_xml(query.get(u'mediaType')))
            return not_found
        if parts[0] == u':' and parts[1:2] == [u'plugins']:
            return self.route_plugins(sim, parts[2:], query, method) or not_found
        if parts == [u'log']:
            level = {u'0': 'ERROR', u'1': 'WARN', u'2': 'INFO', u'3': 'DEBUG'}.get(query.get(u'level', u'2'), 'VERBOSE')
            sim.server_log.log(level, u'[%s] %s' % (query.get(u'source', u''), query.get(u'message', u'')))
            return ok_empty
        return not_found

    def route_library(self, sim, parts, query, method):
        paging = self.paging(query)
        if parts == [u'sections']:
            root = el('MediaContainer', {'size': len(sim.sections), 'allowSync': 0, 'title1': 'Plex Library'})
            for section_id in sorted(sim.sections):
                sim.section_xml(sim.sections[section_id], root)
            return xml_reply(root)
        if len(parts) >= 2 and parts[0] == u'sections':
            if parts[1] == u'all' and parts[2:] == [u'refresh']:
                for section_id in sorted(sim.sections):
                    sim.refresh_section(section_id, force=query.get(u'force') == u'1')
                return 200, b'', 'text/html', {}
            try:
                section = sim.sections[int(parts[1])]
            except (ValueError, KeyError):
                return None
            if parts[2:] == []:
                root = el('MediaContainer', {'size': 2, 'allowSync': 0, 'content': 'secondary',
                                             'librarySectionID': section.id, 'title1': section.title,
                                             'viewGroup': 'secondary'})
                el('Directory', {'key': 'all', 'title': 'All Movies'}, root)
                el('Directory', {'key': 'unmatched', 'title': 'Unmatched'}, root)
                return xml_reply(root)
            if parts[2:] == [u'all']:
                items = list(section.items)
                wanted_type = query.get(u'type')
                if wanted_type not in (None, u'', u'1'):
                    items = []
                if query.get(u'unmatched') == u'1':
                    items = [i for i in items if not i.matched]
                title_filter = query.get(u'title')
                if title_filter:
                    items = [i for i in items if title_filter.lower() in i.title.lower()]
                start, size = paging
                page = items[start:start + size] if size is not None else items[start:]
                root = sim.library_container(section, {'size': len(page), 'totalSize': len(items),
                                                       'offset': start, 'title2': 'All Movies'})
                for item in page:
                    sim.video_xml(item, root)
                return xml_reply(root)
            if parts[2:] == [u'refresh']:
                if method == 'DELETE':
                    sim.cancel_section(section.id)
                else:
                    sim.refresh_section(section.id, force=query.get(u'force') == u'1')
                return 200, b'', 'text/html', {}
            return None
        if len(parts) >= 2 and parts[0] == u'metadata':
            keys = []
            for piece in parts[1].split(u','):
                try:
                    keys.append(int(piece))
                except ValueError:
                    return None
            items = [sim.items[k] for k in keys if k in sim.items]
            if not items:
                return None
            item = items[0]
            rest = parts[2:]
            if rest == []:
                root = sim.library_container(item.section, {'size': len(items)})
                for one in items:
                    sim.video_xml(one, root, detail=True)
                return xml_reply(root)
            if rest == [u'tree']:
                return xml_reply(sim.tree_xml(item))
            if rest == [u'refresh'] and method in ('PUT', 'GET', 'POST'):
                for one in items:
                    sim.refresh_item(one.rating_key, force=query.get(u'force', u'1') != u'0')
                return 200, b'', 'text/html', {}
            if rest == [u'unmatch'] and method == 'PUT':
                for one in items:
                    one.reset()
                    one.updated_at = now_ts()
                return 200, b'', 'text/html', {}
            if rest == [u'matches']:
                return self.matches(sim, item, query)
            if rest == [u'match'] and method == 'PUT':
                guid = query.get(u'guid')
                if not guid or u'://' not in guid:
                    return 400, b'', 'text/html', {}
                item.guid = guid
                item.agent_id = guid.split(u'://', 1)[0]
                sim.refresh_item(item.rating_key, force=True)
                return 200, b'', 'text/html', {}
            if rest == [u'children']:
                return xml_reply(sim.library_container(item.section, {'size': 0}))
        return None

    def matches(self, sim, item, query):
        """Manual match candidates: the agent's search with manual=True (synchronous)."""
        host = sim.hosts.get(query.get(u'agent') or item.section.agent)
        root = el('MediaContainer', {'size': 0, 'identifier': 'com.plexapp.plugins.library'})
        if host is None:
            return xml_reply(root)
        hints = sim.hints_for(item)
        if query.get(u'title'):
            hints['name'] = query.get(u'title')
        if query.get(u'year'):
            hints['year'] = query.get(u'year')
        try:
            results = host.ensure().agent_search(hints, media_type='Movie', lang=query.get(u'language', u'en'),
                                                 manual=True, primary=True) or []
        except Exception:
            results = []
        for result in results:
            guid = u'%s://%s?lang=%s' % (host.identifier, result.get('id'), result.get('lang') or 'en')
            el('SearchResult', {'type': 'movie', 'guid': guid,
                                'name': result.get('name'), 'year': result.get('year'),
                                'score': result.get('score'), 'thumb': result.get('thumb'),
                                'matched': 0}, root)
        root.set('size', str(len(results)))
        return xml_reply(root)

    def route_plugins(self, sim, parts, query, method):
        if not parts:
            return xml_reply(sim.plugins_xml())
        identifier = parts[0]
        rest = parts[1:]
        if identifier not in dict(sim.installed_plugins()):
            return None
        host = sim.hosts.get(identifier)
        if rest == [u'restart']:
            sim.restart_plugin(identifier)
            return 200, b'', 'text/html', {}
        if rest in ([u'prefs'], [u'prefs', u'set']):
            if host is not None and host.running:
                response = host.emulator.request(u'/:/plugins/%s/%s' % (identifier, u'/'.join(rest)),
                                                 query=dict(query), headers={'X-Plex-Token': sim.token})
                return (response.status, response.body, response.content_type or XML_TYPE, {})
            if rest == [u'prefs']:
                return xml_reply(sim.prefs_xml(identifier))
            values = dict((k, v) for k, v in query.items() if k != u'X-Plex-Token')
            sim.write_plugin_prefs(identifier, values)
            return 200, b'', 'text/html', {}
        return None

    def paging(self, query):
        start = self.headers.get('X-Plex-Container-Start') or query.get(u'X-Plex-Container-Start') or '0'
        size = self.headers.get('X-Plex-Container-Size') or query.get(u'X-Plex-Container-Size')
        try:
            start = max(0, int(start))
        except ValueError:
            start = 0
        try:
            size = None if size in (None, '') else max(0, int(size))
        except ValueError:
            size = None
        return start, size


def xml_reply(element):
    if element is None:
        return 404, b'', 'text/html', {}
    return 200, xml_bytes(element), XML_TYPE, {}


def redact_token(target):
    """PMS logs request paths with the token value masked."""
    marker = 'X-Plex-Token='
    at = target.find(marker)
    if at < 0:
        return sim_http.to_text(target)
    end = target.find('&', at)
    end = len(target) if end < 0 else end
    return sim_http.to_text(target[:at + len(marker)] + 'xxxxxxxxxxxxxxxxxxxx' + target[end:])


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


def error_class(error):
    """Buckets for the reasons a refresh failed ('HTTPError: HTTP Error 403: ...' -> 'HTTP 403')."""
    if not error:
        return None
    text = sim_http.to_text(error)
    for code in ('403', '404', '429', '500', '503'):
        if 'HTTP Error %s' % code in text:
            return 'HTTP %s' % code
    lowered = text.lower()
    if 'timed out' in lowered or 'timeout' in lowered:
        return 'timeout'
    return text.split(':', 1)[0]


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


def measure_baseline(seed=1, size=library.DEFAULT_SIZE, app_support=None, site_config=None, timeout=900):
    """Full-library refresh with the agent as it ships, driven through the HTTP API like a client.

    Returns summarize()'s dict plus seconds elapsed. The refresh is started with
    GET /library/sections/1/refresh?force=1 and its end detected by polling /activities.
    """
    import tempfile
    workdir = None
    if app_support is None:
        workdir = tempfile.mkdtemp(prefix='pms-sim-')
        app_support = os.path.join(workdir, 'Plex Media Server')
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
    import tempfile
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

    workdir = None
    app_support = args.app_support
    if app_support is None:
        workdir = tempfile.mkdtemp(prefix='pms-sim-')
        app_support = os.path.join(workdir, 'Plex Media Server')
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
