# -*- coding: utf-8 -*-
"""Named data items on disk, written so that a crash never loses the old copy.

In: a folder (the plug-in's DataItems folder, or any folder offline). Out: FileStore, which
saves, loads, lists and removes items by name, and the compact JSON writer it uses for big
documents. It exists because the framework's Data kit deletes before it moves (see
FileStore) and builds whole documents in memory.
"""
from __future__ import absolute_import, division, print_function

import errno
import json
import os
import threading


class FileStore(object):
    """Named data items in one folder, written so that a crash never loses the old copy.

    The framework's Data.Save deletes the target before moving the new file in, so a crash
    in between leaves nothing. Here the new bytes go to a temp file that is flushed and
    fsynced, then renamed over the target (atomic on POSIX). Windows cannot rename over an
    existing file, so there the old copy is first renamed to `<name>.bak`, which `load()`
    falls back to if the crash happened between the two renames.
    """

    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.RLock()

    def path(self, name):
        if not name or '/' in name or '\\' in name or name in ('.', '..'):
            raise ValueError('invalid data item name: %r' % (name,))
        return os.path.join(self.directory, name)

    def save(self, name, data):
        if data is None:
            raise ValueError('refusing to save None to %s' % name)
        if not isinstance(data, bytes):
            data = data.encode('utf-8')
        self.save_with(name, lambda handle: handle.write(data))

    def save_with(self, name, write):
        """Like save(), but `write(handle)` streams the bytes (big documents, bounded memory)."""
        target = self.path(name)
        temp = os.path.join(self.directory, '.tmp-' + name)
        backup = target + '.bak'
        with self.lock:
            ensure_dir(self.directory)
            handle = open(temp, 'wb')
            try:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                handle.close()
            if os.name == 'nt' and os.path.exists(target):
                if os.path.exists(backup):
                    os.remove(backup)
                os.rename(target, backup)
                os.rename(temp, target)
                os.remove(backup)
            else:
                os.rename(temp, target)

    def save_json_compact(self, name, obj):
        """Compact JSON written piece by piece: see write_json_chunked."""
        self.save_with(name, lambda handle: write_json_chunked(handle, obj))

    def load(self, name):
        target = self.path(name)
        for candidate in (target, target + '.bak'):
            try:
                handle = open(candidate, 'rb')
            except IOError as error:
                if error.errno == errno.ENOENT:
                    continue
                raise
            try:
                return handle.read()
            finally:
                handle.close()
        return None

    def exists(self, name):
        return os.path.exists(self.path(name))

    def remove(self, name):
        with self.lock:
            try:
                os.remove(self.path(name))
                return True
            except OSError as error:
                if error.errno == errno.ENOENT:
                    return False
                raise

    def list(self, prefix=''):
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        return sorted(n for n in names
                      if n.startswith(prefix) and not n.startswith('.') and not n.endswith('.bak'))

    def save_json(self, name, obj):
        text = json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=True)
        self.save(name, text.encode('ascii'))

    def load_json(self, name, default=None):
        raw = self.load(name)
        if raw is None:
            return default
        try:
            # Parse the bytes as they are: decoding first would hold a second, wider copy of a
            # large document (4 bytes a character on Python 2.7's wide builds).
            return json.loads(raw, object_pairs_hook=compact_objects())
        except (TypeError, ValueError):
            pass
        try:
            return json.loads(raw.decode('utf-8', 'replace'), object_pairs_hook=compact_objects())
        except ValueError:
            return default


def compact_objects():
    """A json object_pairs_hook for one document: the same dicts as json.loads makes, smaller.

    Python 2.7's decoder makes a new string for every key of every object and sizes a
    dict's table for twice its keys; a saved snapshot (thousands of item records with the
    same keys) then took half again its size in memory. Here each key, and each short
    string value (agent names, times), is one object per document, and each dict is filled
    pair by pair. Python 3's decoder already shares keys; this costs it little.
    """
    shared = {}

    def make(pairs):
        out = {}
        for key, value in pairs:
            if value.__class__ is TEXT and len(value) <= SHARED_VALUE_CHARS:
                value = shared.setdefault(value, value)
            out[shared.setdefault(key, key)] = value
        return out
    return make


TEXT = type(u'')
SHARED_VALUE_CHARS = 40     # longer strings (URLs, log lines) are rarely repeated


def write_json_chunked(handle, obj, chunk=256):
    """Write `obj` as compact ASCII JSON, encoding big dicts and lists a slice at a time.

    `json.dumps` of a large document builds every token as a separate string before joining
    them; on Python 2.7 that list doubled a collector tick's peak memory. Encoding slices of
    at most `chunk` entries with the C encoder keeps its speed and bounds the memory.
    """
    if isinstance(obj, dict) and len(obj) > chunk:
        handle.write(b'{')
        keys = list(obj)
        for start in range(0, len(keys), chunk):
            part = ','.join('%s:%s' % (json.dumps(k), compact_json(obj[k])) for k in keys[start:start + chunk])
            handle.write((',' if start else '').encode('ascii') + part.encode('ascii'))
        handle.write(b'}')
    elif isinstance(obj, dict) and has_big_value(obj.values(), chunk):
        handle.write(b'{')
        for index, key in enumerate(obj):
            handle.write(((',' if index else '') + json.dumps(key) + ':').encode('ascii'))
            write_json_chunked(handle, obj[key], chunk)
        handle.write(b'}')
    elif isinstance(obj, (list, tuple)) and len(obj) > chunk:
        handle.write(b'[')
        for start in range(0, len(obj), chunk):
            part = ','.join(compact_json(v) for v in obj[start:start + chunk])
            handle.write((',' if start else '').encode('ascii') + part.encode('ascii'))
        handle.write(b']')
    else:
        handle.write(compact_json(obj).encode('ascii'))


def has_big_value(values, chunk, depth=3):
    """True when a value, or one nested up to `depth` levels in it, is a container over
    `chunk` entries: only then is a dict worth walking key by key instead of dumped whole."""
    for value in values:
        if isinstance(value, (list, tuple)):
            if len(value) > chunk or (depth > 1 and has_big_value(value, chunk, depth - 1)):
                return True
        elif isinstance(value, dict):
            if len(value) > chunk or (depth > 1 and has_big_value(value.values(), chunk, depth - 1)):
                return True
    return False


def compact_json(obj):
    return json.dumps(obj, separators=(',', ':'), ensure_ascii=True)


def ensure_dir(path):
    """os.makedirs without exist_ok (Python 2.7)."""
    try:
        os.makedirs(path)
    except OSError as error:
        if error.errno != errno.EEXIST or not os.path.isdir(path):
            raise
