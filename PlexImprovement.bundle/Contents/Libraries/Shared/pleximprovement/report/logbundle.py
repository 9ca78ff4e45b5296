# -*- coding: utf-8 -*-
"""Logs for the agent's author: the relevant logs, redacted, and the last diagnosis, in one zip.

In: the server's Logs folder, the store (DataItems) holding the last diagnosis, optionally
the agents to include (else those the last diagnosis has findings for), the window in hours
(None or 0: every line), and where to write (a FileStore folder and an item name). Out: the
zip, written atomically by FileStore.save_with (temp file, fsync, rename), and a summary
(path, size, members, agents, what was left out and why).

What goes in, in this order (the same inputs give the same members in the same order):
README.txt (what is inside, what was redacted, what was left out), the last diagnosis as
saved (`diagnosis/diagnostic_report_iteration_N.md` and `.json`), then `logs/` with the main
server log and the plug-in logs of those agents, each with its rotated siblings, oldest
first. Files are found and read by read/reader.py (regular files only: a FIFO, a device, a
socket is left out and named); a file whose real path is outside the Logs folder (a
symbolic link out of it) is left out too. Every line passes through redact.redact() one at
a time and is written to a temporary member file, which zipfile then compresses in chunks:
memory stays bounded whatever the size of the logs (Python 2.7's zipfile cannot stream a
member any other way). With a window, a file whose newest line is older is left out and,
inside a file, the lines of records before the window start are dropped (a traceback's
lines follow their record).
"""
from __future__ import absolute_import, division, print_function

import os
import re
import tempfile
import time
import zipfile

from ..names import DIAGNOSTIC_JSON, DIAGNOSTIC_MD, DIAGNOSTIC_PREFIX
from ..read.aggregate import window_start_for
from ..read.lines import parse, ts_text
from ..read.reader import MAX_LINE, LineReader, LogsNotFound, discover, newest_timestamp
from ..redact import redact

README = 'README.txt'
DIAGNOSIS_DIR = 'diagnosis/'
LOGS_DIR = 'logs/'
MEMBER_MODE = 0o100644         # every member: a plain file, readable by all (zip external attributes >> 16)
_DIAGNOSIS_JSON = re.compile(re.escape(DIAGNOSTIC_PREFIX) + r'(\d+)\.json$')


class BundleRefused(ValueError):
    """Nothing sensible to build; the message is one line naming what is missing and the fix."""


def latest_diagnosis(store):
    """The iteration of the newest diagnosis saved in `store` (its JSON), or None."""
    numbers = [int(m.group(1)) for m in (_DIAGNOSIS_JSON.match(name) for name in store.list(DIAGNOSTIC_PREFIX))
               if m is not None]
    return max(numbers) if numbers else None


def finding_agents(store, iteration):
    """The agents the findings of diagnosis `iteration` name, sorted."""
    diagnosis = store.load_json(DIAGNOSTIC_JSON % iteration, None) or {}
    return sorted(set(f.get('agent') for f in diagnosis.get('findings') or [] if f.get('agent')))


def inside(path, root_real):
    """True when the real path of `path` (links resolved) is `root_real` or below it."""
    real = os.path.realpath(path)
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def plan(logs_dir, store, agents=None, hours=None):
    """What goes into the zip: a dict (iteration, agents, why, files, left_out, window_start).

    Raises BundleRefused when there is no diagnosis and no agent was named, or the Logs folder
    is missing or unreadable.
    """
    iteration = latest_diagnosis(store)
    if agents:
        wanted, why = sorted(set(agents)), 'named'
    elif iteration is None:
        raise BundleRefused('no diagnosis yet in %s: run Diagnose first, or name the agents' % (store.directory,))
    else:
        wanted, why = finding_agents(store, iteration), 'findings'
    skipped = {}
    try:
        found = discover(logs_dir, skipped)
    except LogsNotFound as error:
        raise BundleRefused('%s; give the server\'s Logs folder' % (error,))
    root = logs_dir if os.path.isdir(logs_dir) else os.path.dirname(os.path.abspath(logs_dir))
    root_real = os.path.realpath(root)
    left_out = [entry for entry in sorted(skipped) if ':' in entry]
    files = []
    for log_file in found:
        if log_file.kind == 'server' or (log_file.kind == 'plugin' and log_file.agent in wanted):
            if inside(log_file.path, root_real):
                files.append(log_file)
            else:
                left_out.append('outside the logs folder (a link): %s' % (log_file.path,))
    seen = set(f.agent for f in files)
    left_out.extend('no log file of agent %s' % (agent,) for agent in wanted if agent not in seen)
    start = window_start_for(files, hours) if hours else None
    if start is not None:
        recent = []
        for log_file in files:
            newest = newest_timestamp(log_file.path)
            if newest is not None and newest < start:
                left_out.append('older than the window: %s' % (log_file.path,))
            else:
                recent.append(log_file)
        files = recent
    return {'iteration': iteration, 'agents': wanted, 'why': why, 'files': files, 'left_out': left_out,
            'window_start': start, 'hours': hours or None, 'logs_dir': logs_dir, 'root': root}


def member_name(log_file, root):
    """`logs/<path below the Logs folder>` with forward slashes, redacted."""
    relative = os.path.relpath(log_file.path, root)
    return LOGS_DIR + redact(relative.replace(os.sep, '/'))


def readme(bundle, now):
    """README.txt: what is inside, what was redacted, what was left out (text, redacted)."""
    lines = [u"Logs for the author of a Plex metadata agent, made by PlexImprovement",
             u"Built %s (the server's local time)." % (time.strftime('%Y-%m-%d %H:%M', time.localtime(now)),), u'',
             u'What is inside']
    if bundle['iteration'] is not None:
        lines.append(u'  %s%s, %s%s: the last diagnosis (number %d), as the plug-in saved it' % (
            DIAGNOSIS_DIR, DIAGNOSTIC_MD % bundle['iteration'], DIAGNOSIS_DIR, DIAGNOSTIC_JSON % bundle['iteration'],
            bundle['iteration']))
    else:
        lines.append(u'  no diagnosis: none was saved yet')
    reason = (u'named by whoever built this zip' if bundle['why'] == 'named'
              else u'those the last diagnosis has findings for')
    lines.append(u'  the plug-in logs of these agents (%s), with their rotated copies: %s' % (
        reason, u', '.join(bundle['agents']) or u'none (the diagnosis has no findings)'))
    lines.append(u"  the server's own log, Plex Media Server.log, with its rotated copies")
    if bundle['window_start'] is not None:
        lines.append(u'  only the lines of the last %s hours up to the newest line found (from %s on)' % (
            u'%g' % bundle['hours'], ts_text(bundle['window_start'])))
    else:
        lines.append(u'  every line of those files (no time window)')
    lines.append(u'Files (size on the server, before redaction):')
    for log_file in bundle['files']:
        lines.append(u'  %s  %d bytes' % (member_name(log_file, bundle['root']), log_file.size))
    lines.extend([u'', u'What was redacted (every line, before it was written here)',
                  u'  tokens, passwords, API keys, OAuth codes and other credentials -> <redacted>',
                  u'  e-mail addresses -> <email>',
                  u'  user names in home folders (/home/<user>/..., /Users/<user>/..., C:\\Users\\<user>\\...)'
                  u' and in "Signed-in Token (<user>)" -> <user>',
                  u'  IP addresses other than loopback (127.x.x.x, ::1) -> <ip>',
                  u'  lines longer than %d bytes are left out; NUL bytes and carriage returns are dropped' % MAX_LINE,
                  u'', u'Left out'])
    lines.extend(u'  %s' % (entry,) for entry in bundle['left_out'] or [u'nothing'])
    return redact(u'\n'.join(lines) + u'\n')


def zip_info(name, now):
    info = zipfile.ZipInfo(name, time.localtime(now)[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = MEMBER_MODE << 16
    return info


def copy_redacted(log_file, start, handle, skipped, on_batch):
    """The lines of `log_file` (in the window) redacted into `handle`; returns the lines kept."""
    reader = LineReader(log_file.path, 0, True, skipped)
    keep, kept = True, 0
    for batch in reader.batches():
        out = []
        for line in batch:
            if start is not None:
                record = parse(line)
                if record is not None and record[0] is not None:
                    keep = record[0] >= start
            if keep:
                out.append(redact(line).encode('utf-8'))
        if out:
            handle.write(b'\n'.join(out) + b'\n')
            kept += len(out)
        on_batch(reader.bytes_read)
    return kept


def write_bundle(bundle, store, target, name, now, progress=None):
    """Write the zip `name` into `target` (a FileStore) atomically; returns the summary.

    `store` holds the diagnosis; `progress(bytes_done, bytes_total)` is called per chunk read
    (it may raise to stop: the old zip is then left as it was).
    """
    total = sum(f.size for f in bundle['files'])
    done = [0]
    skipped = {}
    members = [README]
    kept = {}

    def report(extra):
        if progress is not None:
            progress(done[0] + extra, total)

    def write(handle):
        archive = zipfile.ZipFile(handle, 'w', zipfile.ZIP_DEFLATED, True)
        try:
            archive.writestr(zip_info(README, now), readme(bundle, now).encode('utf-8'))
            if bundle['iteration'] is not None:
                for item in (DIAGNOSTIC_MD % bundle['iteration'], DIAGNOSTIC_JSON % bundle['iteration']):
                    data = store.load(item)
                    if data is not None:
                        members.append(DIAGNOSIS_DIR + item)
                        lines = [redact(line) for line in data.decode('utf-8', 'replace').split(u'\n')]
                        archive.writestr(zip_info(DIAGNOSIS_DIR + item, now), u'\n'.join(lines).encode('utf-8'))
            report(0)
            for log_file in bundle['files']:
                member = member_name(log_file, bundle['root'])
                kept[member] = add_log(archive, log_file, member, bundle['window_start'], skipped, now, target, report)
                members.append(member)
                done[0] += log_file.size
                report(0)
        finally:
            archive.close()

    target.save_with(name, write)
    path = target.path(name)
    return {'path': path, 'size': os.path.getsize(path), 'members': members, 'lines': kept,
            'agents': bundle['agents'], 'iteration': bundle['iteration'], 'left_out': bundle['left_out'],
            'skipped': skipped}


def add_log(archive, log_file, member, start, skipped, now, target, report):
    """One log, redacted into a temporary file beside the zip, then added as `member`."""
    fd, temp = tempfile.mkstemp(prefix='.member-', dir=target.directory)
    try:
        handle = os.fdopen(fd, 'wb')
        try:
            kept = copy_redacted(log_file, start, handle, skipped, report)
        finally:
            handle.close()
        os.chmod(temp, MEMBER_MODE & 0o777)
        os.utime(temp, (now, now))
        archive.write(temp, member, zipfile.ZIP_DEFLATED)
    finally:
        os.remove(temp)
    return kept


def build(logs_dir, store, target, name, now, agents=None, hours=None, progress=None):
    """plan() then write_bundle(): the one call the menu and the command line make."""
    return write_bundle(plan(logs_dir, store, agents, hours), store, target, name, now, progress)
