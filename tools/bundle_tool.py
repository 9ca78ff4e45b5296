# -*- coding: utf-8 -*-
"""Install, uninstall and package the bundle (what `make install/uninstall/package` run).

Stdlib only, Python 2.7 and 3: it runs on the Plex host, which may have no venv. The Plex
folder layout comes from the bundle it ships with (pleximprovement.runtime.paths, stdlib only
too), imported from the bundle's Libraries/Shared folder, so the layout is spelled once.

  bundle_tool.py install   [--plex-support DIR] [--bundle DIR]
  bundle_tool.py uninstall [--plex-support DIR] [--bundle DIR]
  bundle_tool.py package   [--bundle DIR] [--dist DIR]
  bundle_tool.py version   [--bundle DIR]
  bundle_tool.py default-support

install copies the bundle into <Plex support>/Plug-ins/ through a temporary folder and a
rename swap, so a failure never leaves a half-copied bundle for Plex to load; the only thing
it ever removes is its own previous copy (same CFBundleIdentifier) and its own leftovers.
"""
from __future__ import absolute_import, division, print_function

import errno
import fnmatch
import os
import plistlib
import shutil
import stat
import sys
import time
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BUNDLE = os.path.join(REPO, 'PlexImprovement.bundle')
SHARED = os.path.join(DEFAULT_BUNDLE, 'Contents', 'Libraries', 'Shared')
if SHARED not in sys.path:
    sys.path.insert(0, SHARED)

from pleximprovement.runtime.paths import ServerLayout, default_app_support  # noqa: E402  (SHARED above)

EXCLUDE = ('*.pyc', '*.pyo', '__pycache__', '.DS_Store', '*.swp', '*~')
TEMP_MARK = '.installing-'
OLD_MARK = '.previous-'
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: the same tree always gives the same zip bytes
DOCKER_HINT = ('Docker: use "/config/Library/Application Support/Plex Media Server" inside the '
               'container, or the host folder mapped to /config.')


class ToolError(Exception):
    """A refusal with a message meant for the person running make."""


def default_support(platform=None, environ=None, home=None):
    """The Plex Media Server data folder for this OS (runtime/paths.py's default_app_support).

    make may run from a Cygwin or MSYS shell on Windows: those install for the Windows server,
    and without LOCALAPPDATA there is no folder to guess, so the user is asked for one.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    if platform.startswith(('win', 'cygwin', 'msys')):
        platform = 'win32'
        if not (environ.get('PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR') or environ.get('PLEXLOCALAPPDATA')
                or environ.get('LOCALAPPDATA')):
            raise ToolError('LOCALAPPDATA is not set; pass PLEX_SUPPORT="<...>/Plex Media Server"')
    return default_app_support(environ, platform, home)


def load_plist(path):
    """A plist file as a dict on Python 3 and 2.7; read and parse errors propagate."""
    if hasattr(plistlib, 'load'):
        with open(path, 'rb') as handle:
            return plistlib.load(handle)
    else:  # pragma: no cover - Python 2
        return plistlib.readPlist(path)


def read_info(bundle):
    """Info.plist of a bundle as a dict; ToolError when missing or without an identifier."""
    path = os.path.join(bundle, 'Contents', 'Info.plist')
    try:
        info = load_plist(path)
    except (IOError, OSError) as exc:
        raise ToolError('cannot read %s: %s' % (path, exc))
    except Exception as exc:  # plistlib raises various parse errors
        raise ToolError('%s is not a valid plist: %s' % (path, exc))
    if not info.get('CFBundleIdentifier'):
        raise ToolError('%s has no CFBundleIdentifier' % path)
    return info


def identifier_of(bundle):
    """CFBundleIdentifier of an installed bundle, or None when it cannot be read."""
    try:
        return read_info(bundle)['CFBundleIdentifier']
    except ToolError:
        return None


def version_of(bundle):
    """CFBundleVersion, restricted to characters that are safe in a file name."""
    version = str(read_info(bundle).get('CFBundleVersion') or '').strip()
    if not version or not all(c.isalnum() or c in '.-_+' for c in version):
        raise ToolError('CFBundleVersion %r in %s/Contents/Info.plist is missing or unusable' % (version, bundle))
    return version


def excluded(name):
    return any(fnmatch.fnmatch(name, pattern) for pattern in EXCLUDE)


def bundle_files(bundle):
    """Relative paths (with /) of the files to ship, sorted, pyc and caches left out."""
    found = []
    for dirpath, dirnames, filenames in os.walk(bundle):
        dirnames[:] = sorted(d for d in dirnames if not excluded(d))
        for name in filenames:
            if not excluded(name):
                rel = os.path.relpath(os.path.join(dirpath, name), bundle)
                found.append(rel.replace(os.sep, '/'))
    return sorted(found)


def remove_tree(path):
    """rmtree that also removes read-only files (Windows)."""
    def retry(func, target, _info):
        os.chmod(target, stat.S_IWRITE | stat.S_IREAD)
        func(target)
    shutil.rmtree(path, onerror=retry)


def copy_bundle(bundle, target, owner=None):
    """Copy the shipped files of bundle into target (new folder); owner=(uid, gid) or None."""
    for rel in bundle_files(bundle):
        src = os.path.join(bundle, *rel.split('/'))
        dst = os.path.join(target, *rel.split('/'))
        parent = os.path.dirname(dst)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        shutil.copy2(src, dst)
    # A new Info.plist mtime is how PMS notices a changed plug-in and restarts it (7.4).
    now = time.time()
    os.utime(os.path.join(target, 'Contents', 'Info.plist'), (now, now))
    if owner is not None:
        for dirpath, dirnames, filenames in os.walk(target):
            for name in [dirpath] + [os.path.join(dirpath, n) for n in dirnames + filenames]:
                os.chown(name, owner[0], owner[1])


def plugins_dir(support):
    plugins = ServerLayout(support).plugins_dir
    if not os.path.isdir(plugins):
        raise ToolError('no Plug-ins folder at "%s".\n'
                        'Is Plex Media Server installed there? Pass the right folder: '
                        'make install PLEX_SUPPORT="/path/to/Plex Media Server"\n%s' % (plugins, DOCKER_HINT))
    return plugins


def own_leftovers(plugins, name):
    """Temporary folders an interrupted install of ours left behind."""
    return sorted(os.path.join(plugins, entry) for entry in os.listdir(plugins)
                  if entry.startswith(name + TEMP_MARK) or entry.startswith(name + OLD_MARK))


def install(bundle, support, out=sys.stdout):
    """Copy bundle into <support>/Plug-ins/<name>; return the installed path."""
    info = read_info(bundle)
    ident = info['CFBundleIdentifier']
    plugins = plugins_dir(support)
    name = os.path.basename(os.path.normpath(bundle))
    dest = os.path.join(plugins, name)
    if os.path.exists(dest) and identifier_of(dest) != ident:
        raise ToolError('"%s" exists but is not %s (its Info.plist says %r); not touching it.'
                        % (dest, ident, identifier_of(dest)))
    for leftover in own_leftovers(plugins, name):
        remove_tree(leftover)
    owner = None
    if hasattr(os, 'geteuid') and os.geteuid() == 0:
        st = os.stat(plugins)  # running as root: give the files to the user Plex runs as
        owner = (st.st_uid, st.st_gid)
    temp = os.path.join(plugins, '%s%s%d' % (name, TEMP_MARK, os.getpid()))
    old = os.path.join(plugins, '%s%s%d' % (name, OLD_MARK, os.getpid()))
    try:
        copy_bundle(bundle, temp, owner)
    except Exception:
        if os.path.exists(temp):
            remove_tree(temp)
        raise
    had_old = os.path.exists(dest)
    if had_old:
        os.rename(dest, old)
    try:
        os.rename(temp, dest)
    except Exception:
        if had_old:
            os.rename(old, dest)
        remove_tree(temp)
        raise
    if had_old:
        remove_tree(old)
    out.write('Installed %s %s into %s\n' % (ident, info.get('CFBundleVersion', '?'), dest))
    out.write('%s Plex Media Server picks it up at its next start (a changed Info.plist also restarts a '
              'running plug-in).\n' % ('Updated the previous copy.' if had_old else 'New install.'))
    return dest


def uninstall(bundle, support, out=sys.stdout):
    """Remove <support>/Plug-ins/<name> if it is ours; its Data stays. Return True if removed."""
    ident = read_info(bundle)['CFBundleIdentifier']
    plugins = plugins_dir(support)
    name = os.path.basename(os.path.normpath(bundle))
    dest = os.path.join(plugins, name)
    removed = False
    if not os.path.exists(dest):
        out.write('%s is not installed in %s; nothing removed.\n' % (name, plugins))
    elif identifier_of(dest) != ident:
        raise ToolError('"%s" is not %s (its Info.plist says %r); not removing it.'
                        % (dest, ident, identifier_of(dest)))
    else:
        remove_tree(dest)
        removed = True
        out.write('Removed %s\n' % dest)
    for leftover in own_leftovers(plugins, name):
        remove_tree(leftover)
    layout = ServerLayout(support)
    data = layout.data_dir(ident)
    prefs = layout.preferences_file(ident)
    out.write('Its data stays in "%s" and its settings in "%s"; delete them by hand to forget '
              'everything.\n' % (data, prefs))
    return removed


def package(bundle, dist, out=sys.stdout):
    """Write dist/<name>-<version>.zip deterministically; return its path."""
    version = version_of(bundle)
    name = os.path.basename(os.path.normpath(bundle))
    try:
        os.makedirs(dist)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise
    target = os.path.join(dist, '%s-%s.zip' % (name, version))
    temp = target + '.tmp'
    with zipfile.ZipFile(temp, 'w', zipfile.ZIP_DEFLATED) as archive:
        for rel in bundle_files(bundle):
            entry = zipfile.ZipInfo('%s/%s' % (name, rel), ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (stat.S_IFREG | 0o644) << 16
            entry.create_system = 3  # unix, so the mode above is honoured by unzip
            with open(os.path.join(bundle, *rel.split('/')), 'rb') as handle:
                archive.writestr(entry, handle.read())
    if os.path.exists(target):
        os.remove(target)  # os.rename does not replace on Windows
    os.rename(temp, target)
    out.write('Wrote %s\n' % target)
    return target


def parse_args(argv):
    if not argv or argv[0] in ('-h', '--help'):
        raise ToolError(__doc__.split('\n\n')[2])
    command, rest = argv[0], argv[1:]
    opts = {'--bundle': DEFAULT_BUNDLE, '--plex-support': '', '--dist': os.path.join(REPO, 'dist')}
    while rest:
        key = rest.pop(0)
        if key not in opts or not rest:
            raise ToolError('unknown option or missing value: %s' % key)
        opts[key] = rest.pop(0)
    return command, opts


def main(argv=None, out=None):
    out = out or sys.stdout
    try:
        command, opts = parse_args(list(sys.argv[1:] if argv is None else argv))
        bundle = os.path.abspath(opts['--bundle'])
        if command == 'default-support':
            out.write(default_support() + '\n')
        elif command == 'version':
            out.write(version_of(bundle) + '\n')
        elif command == 'package':
            package(bundle, os.path.abspath(opts['--dist']), out)
        elif command in ('install', 'uninstall'):
            support = opts['--plex-support'] or default_support()
            (install if command == 'install' else uninstall)(bundle, support, out)
        else:
            raise ToolError('unknown command %r (install, uninstall, package, version, default-support)' % command)
    except ToolError as exc:
        sys.stderr.write('bundle_tool: %s\n' % exc)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
