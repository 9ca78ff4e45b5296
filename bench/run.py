# -*- coding: utf-8 -*-
"""`make bench`: Phase 1 aggregation speed, memory and incremental cost on a busy-server corpus.

Generates (once, deterministically from SEED) `bench/corpus/Logs/` with AGENTS agents, each
with `<id>.log` and `.log.1..5` of ~1 MiB (the framework's limit), plus `Plex Media
Server.log` and `.1..5.log`: about 300 MB of realistic lines (1-2 KB request lines with base64
blobs, searches, fetches, outcomes, errors with tracebacks). Then prints, in one run:
  * first full pass (run_aggregation) wall time and MB/s, measured in a child process, and
    that child's peak RSS (ru_maxrss of the child alone, not of this generator process);
  * the command line's entry points (CLI_ENTRY_POINTS: aggregate and diagnose, with and
    without --json, output thrown away), each in a child of its own: wall time and peak RSS;
    and the menu's Aggregate logs then Diagnose jobs (reports saved) in one child: peak RSS;
  * `LC_ALL=C grep -c -E` with the patterns the aggregation keys on, over the same files,
    and the ratio (both after one warm-up read so the page cache is equal);
  * named baselines run in the same child before the aggregation: the bare line reader
    (reader.LineReader handing out every line, no parsing) and the reader plus one framework
    regex match per line -- the floor any per-line parser in this interpreter pays;
  * an incremental collector tick after appending 1 MB: time, bytes read, and the time a
    plain read of those bytes takes. The appended lines carry times of the corpus's busiest
    day (BUSIEST), so the tick adds to the largest day, as a busy server's "today" is. Its
    named baseline, in the same process: aggregating those appended bytes alone from scratch
    (the time to read them); the full pass's average rate is printed too; then an idle
    tick (nothing new: the fixed cost of checking every file and saving the state);
  * the compaction of that day's parts into its day file (done once every COMPACT_AT ticks):
    time and peak RSS.
The children run on this interpreter and again on CPython 2.7 (what Plex runs) when one is
found (PY27, python2.7 on PATH, or pyenv), against the same grep figure.
No assertion: targets are printed next to the figures.
"""
from __future__ import absolute_import, division, print_function

import base64
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(REPO, 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared')
CORPUS = os.path.join(HERE, 'corpus')
LOGS = os.path.join(CORPUS, 'Logs')
MANIFEST = os.path.join(CORPUS, 'manifest.json')
SEED = 20240502
AGENTS = 40
PLUGIN_FILE = 1048000
SERVER_FILE = 9 * 1024 * 1024
APPEND = 1024 * 1024
BUSIEST = 1714650000.0   # 2024-05-02 11:40 UTC: the corpus day with the most lines
# The command line's entry points whose peak memory is printed (each on the whole corpus).
CLI_ENTRY_POINTS = (['aggregate'], ['aggregate', '--json'], ['diagnose'], ['diagnose', '--json'])
GREP_PATTERNS = ('Handling request|Searching for matches|Response: \\[|ERROR|CRITICAL|most recent call last|'
                 'Issuing search query|HTTP Error|timed out|Found [0-9]+ result|No results|'
                 'score: |did not pull any results|Titles Found|Starting framework core|^ +File "|^[A-Za-z]+Error')

sys.path.insert(0, SHARED)

TITLES = ['The Long Road', 'Night Harbor', 'Crimson Tide', 'A Quiet Place', 'Paper Moon', 'Blue Velvet', 'Heat',
          'Sunset Drive', 'Glass Onion', 'Cold Creek', u'Am\u00e9lie', 'Dark Water', 'Iron Will', 'Red Rock West']


def enc(raw):
    return base64.b64encode(raw).decode('ascii').replace('/', '@').replace('+', '*').replace('=', '_')


class Gen(object):
    """Writes one agent's log lines until a size is reached."""

    def __init__(self, rng, agent, start):
        self.rng = rng
        self.agent = agent
        self.t = start
        self.threads = ['7f%010x' % rng.getrandbits(40) for _ in range(4)]

    def ts(self):
        self.t += self.rng.random() * 2.0
        whole = int(self.t)
        return '%s,%03d' % (time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(whole)), int((self.t - whole) * 1000))

    def line(self, th, level, mod, msg):
        return u'%s (%s) :  %s (%s) - %s\n' % (self.ts(), th, level, mod, msg)

    def op(self):
        r = self.rng
        th = r.choice(self.threads)
        title = r.choice(TITLES)
        ident = r.randint(1000, 99999)
        blob = enc(bytes(bytearray(r.getrandbits(8) for _ in range(r.randint(700, 1400)))))
        out = []
        if r.random() < 0.7:
            out.append(self.line(th, 'DEBUG', 'runtime:717', 'Handling request GET /:/plugins/%s/messaging/function/'
                                 'X0FnZW50S2l0OlNlYXJjaA__/%s/MQoxCmRpY3QKMApyMAo_' % (self.agent, blob)))
            out.append(self.line(th, 'INFO', 'agentkit:961', "Searching for matches for {'openSubtitlesHash': None, "
                                 "'name': u'%s', 'year': '%d', 'id': '%d', 'filename': '%%2Fdata%%2FMovies%%2F%s.mkv'}"
                                 % (title, r.randint(1950, 2024), ident, title.replace(' ', '%20'))))
            for _ in range(r.randint(2, 6)):
                out.append(self.line(th, 'DEBUG', 'networking:144', "Requesting 'https://api.example.org/search?"
                                     "q=%s&page=%d'" % (title.replace(' ', '+'), r.randint(1, 5))))
                out.append(self.line(th, 'DEBUG', '__init__:%d' % r.randint(20, 400),
                                     'Parsed %d candidates from page, best score %d' % (r.randint(0, 30),
                                                                                        r.randint(0, 100))))
            p = r.random()
            if p < 0.06:
                out.append(self.line(th, 'ERROR', 'networking:197', "Error opening URL 'https://api.example.org/"
                                     "search?q=%s'" % title.replace(' ', '+')))
                out.append(self.line(th, 'CRITICAL', 'agentkit:1018', "Exception in the search function of agent "
                                     "named 'X', called with keyword arguments {'name': '%s'} (most recent call "
                                     "last):" % title))
                out.append(u'  File "/usr/lib/plexmediaserver/Resources/Plug-ins-1a2b/Framework.bundle/Contents/'
                           u'Resources/Versions/2/Python/Framework/api/agentkit.py", line 1011, in _search\n'
                           u'    agent.search(*f_args, **f_kwargs)\n'
                           u'  File "/var/lib/plexmediaserver/Library/Application Support/Plex Media Server/'
                           u'Plug-ins/X.bundle/Contents/Code/__init__.py", line %d, in search\n'
                           u'    page = HTML.ElementFromURL(url)\nHTTPError: HTTP Error %d: Forbidden\n'
                           % (r.randint(30, 90), r.choice([403, 404, 503])))
            elif p < 0.5:
                out.append(self.line(th, 'INFO', '__init__:52', 'Found %d results for %s' % (r.randint(1, 9), title)))
            elif p < 0.65:
                out.append(self.line(th, 'INFO', '__init__:60', 'No results for %s' % title))
            out.append(self.line(th, 'DEBUG', 'runtime:924', 'Response: [200] str, %d bytes' % r.randint(10, 900)))
        else:
            out.append(self.line(th, 'DEBUG', 'runtime:717', 'Handling request GET /:/plugins/%s/messaging/function/'
                                 'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/%s/MQo_' % (self.agent, blob)))
            for _ in range(r.randint(3, 8)):
                out.append(self.line(th, 'DEBUG', '__init__:%d' % r.randint(20, 400),
                                     'Setting %s for %s' % (r.choice(['summary', 'genres', 'roles', 'poster']), title)))
            if r.random() < 0.01:
                out.append(self.line(th, 'ERROR', 'model:205', 'Cannot read model from /var/lib/plexmediaserver/'
                                     'Metadata/Movies/a/b.bundle/Contents/%s' % self.agent))
            out.append(self.line(th, 'DEBUG', 'runtime:924', 'Response: [200] str, 5 bytes'))
        return u''.join(out).encode('utf-8')

    def file(self, size):
        parts = [self.line(self.threads[0], 'INFO', 'core:349', 'Starting framework core - Version: 2.6.3')
                 .encode('utf-8')]
        total = len(parts[0])
        while total < size:
            chunk = self.op()
            parts.append(chunk)
            total += len(chunk)
        return b''.join(parts)


def server_file(rng, size, start):
    parts = []
    total = 0
    t = start
    months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    while total < size:
        t += rng.random()
        g = time.gmtime(int(t))
        stamp = '%s %02d, %d %02d:%02d:%02d.%03d' % (months[g.tm_mon - 1], g.tm_mday, g.tm_year, g.tm_hour, g.tm_min,
                                                     g.tm_sec, rng.randint(0, 999))
        p = rng.random()
        if p < 0.1:
            msg = ('DEBUG - Issuing search query: http://127.0.0.1:32400/system/agents/search?mediaType=1&identifier='
                   'com.example.agent%02d&name=%s' % (rng.randint(0, AGENTS - 1),
                                                      rng.choice(TITLES).replace(' ', '%20')))
        elif p < 0.12:
            msg = u'Error \u2014 Timeout or error reading status line from plug-in pipe [com.example.agent%02d]' % (
                rng.randint(0, AGENTS - 1))
        else:
            msg = ('DEBUG - Request: [127.0.0.1:%d (Loopback)] GET /library/metadata/%d/children?X-Plex-Token=xx '
                   '(%d live) GZIP Signed-in Token (someone)' % (rng.randint(30000, 60000), rng.randint(1, 99999),
                                                                 rng.randint(1, 20)))
        line = (u'%s [0x7f%08x] %s\n' % (stamp, rng.getrandbits(32), msg)).encode('utf-8')
        parts.append(line)
        total += len(line)
    return b''.join(parts)


def corpus_files():
    plugin = os.path.join(LOGS, 'PMS Plugin Logs')
    out = []
    for i in range(AGENTS):
        for n in range(6):
            out.append(os.path.join(plugin, 'com.example.agent%02d.log%s' % (i, '.%d' % n if n else '')))
    for n in range(6):
        out.append(os.path.join(LOGS, 'Plex Media Server%s.log' % ('.%d' % n if n else '')))
    return out


def ensure_corpus():
    """Generate the corpus, or reuse it (restoring appended files to their recorded sizes)."""
    wanted = {'seed': SEED, 'agents': AGENTS, 'plugin_file': PLUGIN_FILE, 'server_file': SERVER_FILE}
    if os.path.exists(MANIFEST):
        with io.open(MANIFEST, 'r', encoding='utf-8') as handle:
            manifest = json.load(handle)
        if manifest.get('params') == wanted and all(os.path.exists(p) for p in manifest['sizes']):
            for path, size in manifest['sizes'].items():
                if os.path.getsize(path) != size:
                    with io.open(path, 'r+b') as handle:
                        handle.truncate(size)
            return manifest, False
    if not os.path.isdir(os.path.join(LOGS, 'PMS Plugin Logs')):
        os.makedirs(os.path.join(LOGS, 'PMS Plugin Logs'))
    rng = random.Random(SEED)
    sizes = {}
    start = 1714600000.0
    for i in range(AGENTS):
        gen = Gen(rng, 'com.example.agent%02d' % i, start)
        for n in range(5, -1, -1):
            path = os.path.join(LOGS, 'PMS Plugin Logs', 'com.example.agent%02d.log%s' % (i, '.%d' % n if n else ''))
            data = gen.file(PLUGIN_FILE)
            with io.open(path, 'wb') as handle:
                handle.write(data)
            sizes[path] = len(data)
    for n in range(5, -1, -1):
        path = os.path.join(LOGS, 'Plex Media Server%s.log' % ('.%d' % n if n else ''))
        data = server_file(rng, SERVER_FILE, start + (5 - n) * 3000)
        with io.open(path, 'wb') as handle:
            handle.write(data)
        sizes[path] = len(data)
    manifest = {'params': wanted, 'sizes': sizes}
    with io.open(MANIFEST, 'w', encoding='utf-8') as handle:
        handle.write(u'%s' % json.dumps(manifest, indent=1, sort_keys=True))
    return manifest, True


def floors(logs_dir):
    """Seconds for the bare line reader and for reader + one match per line of the regex
    lines.parse() tries first (the common framework line)."""
    from pleximprovement.read import lines, reader
    paths = [f.path for f in reader.discover(logs_dir)]
    out = {}
    for name, match in (('reader', None), ('regex', lines.FRAMEWORK_MATCH)):
        start = time.time()
        for path in paths:
            for batch in reader.LineReader(path).batches():
                if match is None:
                    for line in batch:
                        pass
                else:
                    for line in batch:
                        match(line)
        out[name] = time.time() - start
    return out


def child_aggregate(logs_dir):
    import resource
    from pleximprovement.read import aggregate
    base = floors(logs_dir)
    start = time.time()
    snap = aggregate.run_aggregation(logs_dir)
    wall = time.time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({'wall': wall, 'rss_kb': rss, 'bytes': sum(f['bytes_read'] for f in snap['files']),
                      'floor_reader': base['reader'], 'floor_regex': base['regex'],
                      'searches': snap['totals']['total_search_ops'], 'found': snap['totals']['titles_found'],
                      'url_errors': snap['totals']['url_errors']}))


def child_cli(*argv):
    """One command line run in this process (`aggregate --json`...), its output thrown away at the
    file descriptor: the wall time and the peak RSS of the whole command, printing included."""
    import resource
    from pleximprovement import cli
    keep = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        start = time.time()
        code = cli.main(list(argv))
        wall = time.time() - start
        sys.stdout.flush()
    finally:
        os.dup2(keep, 1)
        os.close(null)
    print(json.dumps({'wall': wall, 'code': code, 'rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def child_menu_jobs(logs_dir, data_dir):
    """The menu's Aggregate logs then Diagnose jobs (reports saved in `data_dir`): the peak RSS
    after each, in this process."""
    import resource
    from pleximprovement import runtime
    from pleximprovement.menu.app import App

    class Job(object):
        def check_stop(self):
            pass

        def progress(self, done, total, unit='', text=''):
            pass
    app = App(runtime.local_runtime(data_dir, data_dir=data_dir, prefs={'logs_path': logs_dir, 'log_window_hours': '0'},
                                    bundle_path=os.path.join(REPO, 'PlexImprovement.bundle')))
    app.aggregate_work(Job())
    aggregate_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    app.diagnose_work(Job())
    print(json.dumps({'aggregate_kb': aggregate_kb, 'diagnose_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def child_collector(logs_dir, data_dir, phase, alone_dir=None):
    """One collector tick; with `alone_dir` (the appended bytes alone, as files of their own),
    then the named baseline: aggregating just those bytes from scratch in this process."""
    import resource
    from pleximprovement.read import aggregate
    from pleximprovement.read import collector
    from pleximprovement.read import snapshot
    from pleximprovement.runtime import local_runtime
    rt = local_runtime(data_dir, data_dir=data_dir, logs_dir=logs_dir)
    start = time.time()
    summary = collector.LogCollector(rt).tick()
    wall = time.time() - start
    alone = None
    if alone_dir:
        start = time.time()
        aggregate.run_aggregation(alone_dir)
        alone = time.time() - start
    print(json.dumps({'wall': wall, 'bytes': summary['bytes_read'], 'files': summary['files'], 'alone': alone,
                      'max_items': snapshot.MAX_ITEMS,
                      'rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'phase': phase}))


def child_compact(logs_dir, data_dir):
    import resource
    from pleximprovement.read import collector
    from pleximprovement.runtime import local_runtime
    rt = local_runtime(data_dir, data_dir=data_dir, logs_dir=logs_dir)
    day = time.strftime('%Y-%m-%d', time.gmtime(BUSIEST))
    parts = collector.parts_on_disk(rt.store).get(day, [])
    start = time.time()
    collector.LogCollector(rt).compact(day, collector.committed_tick(rt.store))
    wall = time.time() - start
    size = os.path.getsize(rt.store.path(collector.day_name(day)))
    print(json.dumps({'wall': wall, 'parts': len(parts), 'bytes': size, 'every': collector.COMPACT_AT,
                      'rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def run_child(python, *args):
    env = dict(os.environ, PYTHONPATH=SHARED)
    proc = subprocess.Popen([python, os.path.abspath(__file__)] + list(args), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit('child failed: %s' % err.decode('utf-8', 'replace'))
    return json.loads(out.decode('utf-8').strip().splitlines()[-1])


def find_py27():
    """A working CPython 2.7 (what Plex runs), found as the Makefile's PY27 is; None if absent."""
    candidates = [os.environ.get('PY27') or '']
    for folder in os.environ.get('PATH', '').split(os.pathsep):
        candidates.append(os.path.join(folder, 'python2.7'))
    root = os.environ.get('PYENV_ROOT') or os.path.join(os.path.expanduser('~'), '.pyenv')
    versions = os.path.join(root, 'versions')
    if os.path.isdir(versions):
        for name in sorted(os.listdir(versions)):
            if name.startswith('2.7'):
                candidates.append(os.path.join(versions, name, 'bin', 'python2.7'))
    for path in candidates:
        if not path or not os.path.isfile(path):
            continue
        try:
            code = subprocess.call([path, '-c', 'import sys; sys.exit(sys.version_info[:2] != (2, 7))'],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError:
            continue
        if code == 0:
            return path
    return None


def timed_read(paths):
    start = time.time()
    for path in paths:
        with io.open(path, 'rb') as handle:
            while handle.read(1 << 20):
                pass
    return time.time() - start


def measure(python, files, grep_wall):
    """Every figure for one interpreter; the corpus is restored to its recorded sizes after."""
    version = subprocess.Popen([python, '-c', 'import sys; print(sys.version.split()[0])'],
                               stdout=subprocess.PIPE).communicate()[0].decode('ascii').strip()
    print('')
    print('Python %s (%s)' % (version, python))
    agg = run_child(python, '--child-aggregate', LOGS)
    mb = agg['bytes'] / 1e6
    print('  first full pass: %.2fs, %.1f MB/s (%d searches, %d found, %d url errors)' % (
        agg['wall'], mb / agg['wall'], agg['searches'], agg['found'], agg['url_errors']))
    print('  ratio aggregation/grep: %.2fx (target <= 4x)' % (agg['wall'] / grep_wall))
    print('  baselines in the same process: bare line reader %.2fs (%.2fx grep), reader + one regex match per line '
          '%.2fs (%.2fx grep); aggregation = %.2fx the bare reader' % (
              agg['floor_reader'], agg['floor_reader'] / grep_wall, agg['floor_regex'],
              agg['floor_regex'] / grep_wall, agg['wall'] / agg['floor_reader']))
    print('  peak RSS of the aggregation process: %.1f MB (target < 64 MB)' % (agg['rss_kb'] / 1024.0))
    for command in CLI_ENTRY_POINTS:
        run = run_child(python, '--child-cli', *(command + ['--logs', LOGS]))
        print('  python -m pleximprovement %s: %.2fs, peak RSS %.1f MB (target < 64 MB), exit %d' % (
            ' '.join(command), run['wall'], run['rss_kb'] / 1024.0, run['code']))
    data_dir = tempfile.mkdtemp(prefix='pleximp-bench-')
    menu = run_child(python, '--child-menu', LOGS, data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    print('  menu jobs, reports saved: Aggregate logs peak RSS %.1f MB, then Diagnose %.1f MB (target < 64 MB)' % (
        menu['aggregate_kb'] / 1024.0, menu['diagnose_kb'] / 1024.0))
    data_dir = tempfile.mkdtemp(prefix='pleximp-bench-')
    first = run_child(python, '--child-collector', LOGS, data_dir, 'first')
    print('  collector first tick: %.2fs, %.1f MB read, peak RSS %.1f MB (target < 64 MB)' % (
        first['wall'], first['bytes'] / 1e6, first['rss_kb'] / 1024.0))
    rng = random.Random(SEED + 1)
    targets = [p for p in files if p.endswith('.log') and 'PMS Plugin Logs' in p][:10]
    appended = 0
    gens = dict((p, Gen(rng, os.path.basename(p)[:-4], BUSIEST)) for p in targets)
    alone_dir = tempfile.mkdtemp(prefix='pleximp-appended-')
    os.mkdir(os.path.join(alone_dir, 'PMS Plugin Logs'))
    while appended < APPEND:
        for path in targets:
            chunk = gens[path].op()
            for copy in (path, os.path.join(alone_dir, 'PMS Plugin Logs', os.path.basename(path))):
                with io.open(copy, 'ab') as handle:
                    handle.write(chunk)
            appended += len(chunk)
    plain = timed_read(targets) * appended / float(sum(os.path.getsize(p) for p in targets))
    second = run_child(python, '--child-collector', LOGS, data_dir, 'second', alone_dir)
    idle = run_child(python, '--child-collector', LOGS, data_dir, 'idle')
    compact = run_child(python, '--child-compact', LOGS, data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.rmtree(alone_dir, ignore_errors=True)
    fp_bytes = 64 * len(files)
    predicted = agg['wall'] * appended / float(agg['bytes'])
    print('  incremental tick after appending %.2f MB: %.3fs, %d bytes of log read (appended: %d, ratio %.3f), '
          'plus %d fingerprint bytes; plain read of the appended bytes %.3fs' % (
              appended / 1e6, second['wall'], second['bytes'], appended, second['bytes'] / float(appended),
              fp_bytes, plain))
    print('  baseline in the same process: aggregating the appended bytes alone from scratch %.3fs; '
          'tick/baseline %.2fx (target <= 2x)' % (second['alone'], second['wall'] / second['alone']))
    print('  the appended bytes at the full pass\'s average rate would take %.3fs; tick/that %.2fx '
          '(fresh searches each get an item record, which the full pass stops keeping after %d)' % (
              predicted, second['wall'] / predicted, second['max_items']))
    print('  idle tick (nothing new in %d files): %.4fs, %d bytes of log read' % (
        idle['files'], idle['wall'], idle['bytes']))
    print('  compaction of that day (%d parts into a %.1f MB day file, once every %d ticks): %.3fs, peak RSS %.1f MB '
          '(%.3fs per tick amortised)' % (compact['parts'], compact['bytes'] / 1e6, compact['every'], compact['wall'],
                                          compact['rss_kb'] / 1024.0, compact['wall'] / compact['every']))
    ensure_corpus()  # restore the corpus to its recorded sizes


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--child-aggregate':
        return child_aggregate(sys.argv[2])
    if len(sys.argv) > 1 and sys.argv[1] == '--child-menu':
        return child_menu_jobs(sys.argv[2], sys.argv[3])
    if len(sys.argv) > 1 and sys.argv[1] == '--child-cli':
        return child_cli(*sys.argv[2:])
    if len(sys.argv) > 1 and sys.argv[1] == '--child-compact':
        return child_compact(sys.argv[2], sys.argv[3])
    if len(sys.argv) > 1 and sys.argv[1] == '--child-collector':
        return child_collector(*sys.argv[2:6])
    t0 = time.time()
    manifest, made = ensure_corpus()
    files = corpus_files()
    total = sum(os.path.getsize(p) for p in files)
    print('corpus: %d files, %.1f MB (%s in %.1fs)' % (
        len(files), total / 1e6, 'generated' if made else 'reused', time.time() - t0))
    timed_read(files)  # warm the page cache for both contenders
    start = time.time()
    proc = subprocess.Popen(['grep', '-c', '-E', GREP_PATTERNS] + files, env=dict(os.environ, LC_ALL='C'),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, _ = proc.communicate()
    grep_wall = time.time() - start
    grep_lines = sum(int(line.rsplit(b':', 1)[1]) for line in out.splitlines() if line)
    print('grep -c -E (%d matching lines): %.2fs' % (grep_lines, grep_wall))
    measure(sys.executable, files, grep_wall)
    py27 = find_py27() if sys.version_info[0] >= 3 else None
    if py27 is not None:
        measure(py27, files, grep_wall)
    elif sys.version_info[0] >= 3:
        print('')
        print('Python 2.7: not found (set PY27=/path/to/python2.7 to measure what Plex runs)')
    subprocess.call([sys.executable, os.path.join(HERE, 'trials.py')])  # Phase 4: refreshes per trial decision
    subprocess.call([sys.executable, os.path.join(HERE, 'menu_routes.py')])  # the loop's menu with 1,000 iterations
    if py27 is not None:
        subprocess.call([py27, os.path.join(HERE, 'menu_routes.py')])


if __name__ == '__main__':
    main()
