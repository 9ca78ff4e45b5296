# -*- coding: utf-8 -*-
"""The Python 2.7 gate that `make test` runs: Plex executes the bundle with CPython 2.7.

Usage: py27_gate.py [--skip-vermin] [ROOT...]   (ROOT: a folder or a .py file)

Default roots: PlexImprovement.bundle, tests, tools, bench (every Python file of the repo
must run on 2.7 and 3). Folders named `bad_fixtures` below a root are skipped (they hold
deliberately broken code); pass one explicitly as a ROOT to check it.

Checks, each failing with `file:line: ...`:
  parse       the file parses with a real Python 2.7 grammar (typed_ast.ast27 / ast on 2.7)
  header      coding line, optional docstring, then the __future__ line of contracts.md
  vermin      `vermin -t=2.7-` finds no Python-3-only API (and no Python-2-only syntax:
              vermin parses with Python 3). Findings inside `try:` bodies that catch
              ImportError/AttributeError/NameError (and in their handlers), or inside `if`
              blocks that test sys.version_info / PY2 / PY3 / hasattr(), are dropped: those
              are the guarded fallbacks the rules ask for. No --backport: the Plex runtime cannot install backports.
  restricted  every .py under a `Contents/Code/` folder passes the framework's
              RestrictedPython rules (tools/restricted_rules.py): `__init__.py`
              strict, the other modules with the bundle's policy from Info.plist
              (Elevated -> elevated dunders; anything else or no Info.plist -> strict).
              Also refused here (they only fail at run time in Plex, plex-runtime.md
              2.6-2.7): augmented assignment other than += on a name, `import a.b`,
              `from . import x`.
A deliberate exception (e.g. an emulator fixture that must contain `n -= 1` to prove the
sandbox refuses it at run time) is waived by a `# py27gate: ok` comment on the reported line;
the summary counts the waived problems. Parse failures cannot be waived.
Exit status 1 with one line per problem, else 0 and a one-line summary.
"""
from __future__ import absolute_import, division, print_function

import os
import re
import subprocess
import sys

import restricted_rules  # tools/, this file's folder, is on sys.path
from bundle_tool import load_plist

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ast = restricted_rules.ast
DEFAULT_ROOTS = ('PlexImprovement.bundle', 'tests', 'tools', 'bench')
SKIP_DIRS = frozenset(['bad_fixtures', '__pycache__', 'node_modules', 'build', 'dist'])
FUTURE_NAMES = ('absolute_import', 'division', 'print_function')
FUTURE_LINE = 'from __future__ import %s' % ', '.join(FUTURE_NAMES)
CODING_OK = re.compile(br'^#.*coding[:=][ \t]*utf-?8\b', re.IGNORECASE)
GUARD_EXCEPTIONS = frozenset(['ImportError', 'AttributeError', 'NameError', 'ModuleNotFoundError'])
GUARD_NAMES = frozenset(['version_info', 'PY2', 'PY3', 'hasattr'])
WAIVER = re.compile(br'#.*\bpy27gate:\s*ok\b')
VERMIN_LINE = re.compile(r'^(?P<file>.+?):(?P<line>\d+):(?P<col>\d*):(?P<py2>[^:]*):(?P<py3>[^:]*):(?P<what>.*)$')


def display(path):
    """Path relative to the working directory when below it (shorter, clickable)."""
    rel = os.path.relpath(path)
    return path if rel.startswith(os.pardir) else rel


def collect(roots):
    """Sorted absolute paths of the .py files below the roots (hidden and skip dirs pruned)."""
    found = set()
    for root in roots:
        root = os.path.abspath(root)
        if os.path.isfile(root):
            found.add(root)
            continue
        if not os.path.isdir(root):
            raise SystemExit('py27 gate: no such file or folder: %s' % root)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith('.'))
            for name in filenames:
                if name.endswith('.py'):
                    found.add(os.path.join(dirpath, name))
    return sorted(found)


def check_header(shown, data, tree):
    """Coding line on line 1 (2 after a shebang), optional docstring, then the __future__ line."""
    if not data.strip():
        return []  # an empty module (package marker) runs the same everywhere
    lines = data.splitlines()
    coding_idx = 1 if lines and lines[0].startswith(b'#!') else 0
    if len(lines) <= coding_idx or not CODING_OK.match(lines[coding_idx]):
        return ['%s:%d: header: line %d must be "# -*- coding: utf-8 -*-"' % (shown, coding_idx + 1, coding_idx + 1)]
    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Str):
        body = body[1:]
    first = body[0] if body else None
    if (first is None or not isinstance(first, ast.ImportFrom) or first.module != '__future__'
            or not set(FUTURE_NAMES) <= set(alias.name for alias in first.names)):
        lineno = first.lineno if first is not None else len(lines)
        return ['%s:%d: header: the first statement after the docstring must be "%s"' % (shown, lineno, FUTURE_LINE)]
    return []


def code_policy(path):
    """None when the file is not under Contents/Code/, else the restricted_rules policy."""
    parts = os.path.normpath(path).split(os.sep)
    for idx in range(len(parts) - 2, 0, -1):
        if parts[idx] == 'Code' and parts[idx - 1] == 'Contents':
            if idx == len(parts) - 2 and parts[-1] == '__init__.py':
                return 'init'  # Code/__init__.py is always compiled non-elevated (2.3)
            plist = os.sep.join(parts[:idx - 1] + ['Contents', 'Info.plist'])
            return 'elevated' if read_code_policy(plist) == 'Elevated' else 'init'
    return None


def read_code_policy(plist_path):
    """PlexPluginCodePolicy from Info.plist (case-sensitive, like the framework), or None."""
    try:
        info = load_plist(plist_path)
    except Exception:  # missing or unreadable: treat as the default (Standard) policy
        return None
    return info.get('PlexPluginCodePolicy')


def runtime_hazards(shown, tree):
    """Constructs that compile in Code/ but fail when run inside the sandbox."""
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) \
                and not isinstance(node.op, ast.Add):
            problems.append('%s:%d: restricted: only += works on a name in Code/; other augmented assignments '
                            'raise FrameworkException at run time' % (shown, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if '.' in alias.name:
                    problems.append('%s:%d: restricted: "import %s" binds the leaf module in the sandbox; '
                                    'use "from %s import %s"' % ((shown, node.lineno, alias.name)
                                                                 + tuple(alias.name.rsplit('.', 1))))
        elif isinstance(node, ast.ImportFrom) and node.level and not node.module:
            problems.append('%s:%d: restricted: "from . import x" fails under the sandbox importer' % (
                shown, node.lineno))
    return problems


def lines_of(nodes):
    """Every line number carried by the given nodes and their children."""
    found = set()
    for node in nodes:
        for child in ast.walk(node):
            if getattr(child, 'lineno', None):
                found.add(child.lineno)
    return found


def handler_names(handler):
    if handler.type is None:
        return set()
    elts = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = set()
    for elt in elts:
        if isinstance(elt, ast.Name):
            names.add(elt.id)
        elif isinstance(elt, ast.Attribute):
            names.add(elt.attr)
    return names


def guarded_lines(tree):
    """Lines where a Python-3-only API is expected: try/except ImportError bodies, version ifs."""
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, getattr(ast, 'TryExcept', ())) or type(node).__name__ == 'Try':
            catching = [h for h in node.handlers if handler_names(h) & GUARD_EXCEPTIONS]
            if catching:  # both orders: py2 first with py3 fallback, or the reverse
                guarded |= lines_of(node.body)
                for handler in catching:
                    guarded |= lines_of(handler.body)
        elif isinstance(node, ast.If):
            test_names = set()
            for child in ast.walk(node.test):
                if isinstance(child, ast.Name):
                    test_names.add(child.id)
                elif isinstance(child, ast.Attribute):
                    test_names.add(child.attr)
            if test_names & GUARD_NAMES:
                guarded |= lines_of(node.body) | lines_of(node.orelse)
    return guarded


def run_vermin(files, guards):
    """Run vermin over the files; return problem lines (guarded findings dropped)."""
    if not files:
        return []
    cmd = [sys.executable, '-c', 'import sys, vermin; sys.argv[0] = "vermin"; sys.exit(vermin.main())',
           '--no-config-file', '-t=2.7-', '--no-tips', '--violations',
           '--format', 'parsable', '--no-make-paths-absolute'] + list(files)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    out = out.decode('utf-8', 'replace')
    if proc.returncode not in (0, 1):
        return ['vermin: failed to run (exit %s): %s' % (proc.returncode, err.decode('utf-8', 'replace').strip())]
    problems = []
    for line in out.splitlines():
        match = VERMIN_LINE.match(line)
        if not match:
            continue
        path, lineno = match.group('file'), int(match.group('line'))
        if lineno in guards.get(path, ()):
            continue
        what = match.group('what').strip()
        if what.startswith('error:'):
            problems.append('%s:%d: vermin: not valid Python 3: %s' % (display(path), lineno, what[6:].strip()))
        elif match.group('py3').startswith('!'):
            what = re.sub(r'^info: | requires [\d.]+$', '', what)
            problems.append('%s:%d: vermin: Python 2 only: %s' % (display(path), lineno, what))
        else:
            problems.append('%s:%d: vermin: %s requires Python %s / %s' % (
                display(path), lineno, what, match.group('py2'), match.group('py3')))
    return problems


def vermin_available():
    try:
        import vermin  # noqa: F401
    except ImportError:
        return False
    return True


def run(roots, skip_vermin=False):
    """Run every check; return (problems, counts)."""
    files = collect(roots)
    problems = []
    counts = {'parse': 0, 'header': 0, 'vermin': 0, 'restricted': 0, 'waived': 0}
    parsed, guards, waivers = [], {}, {}
    for path in files:
        shown = display(path)
        with open(path, 'rb') as handle:
            data = handle.read()
        counts['parse'] += 1
        try:
            tree = restricted_rules.parse27(data, shown)
        except SyntaxError as exc:
            problems.append('%s:%s: not Python 2.7: %s' % (shown, exc.lineno or 1, exc.msg))
            continue
        waived = set(i + 1 for i, line in enumerate(data.splitlines()) if WAIVER.search(line))
        if waived:
            waivers[shown] = waived
        counts['header'] += 1
        problems.extend(check_header(shown, data, tree))
        parsed.append(path)
        guards[path] = guarded_lines(tree)
        policy = code_policy(path)
        if policy:
            counts['restricted'] += 1
            problems.extend('%s:%d: restricted (%s): %s' % (shown, v.lineno, policy, v.message)
                            for v in restricted_rules.find_violations(data, shown, policy))
            problems.extend(runtime_hazards(shown, tree))
    if not skip_vermin:
        counts['vermin'] = len(parsed)
        problems.extend(run_vermin(parsed, guards))
    kept = []
    for line in problems:
        path, lineno = problem_key(line)[:2]
        if lineno in waivers.get(path, ()):
            counts['waived'] += 1
        else:
            kept.append(line)
    return kept, counts


def problem_key(line):
    """Sort problems by file, then line number."""
    match = re.match(r'^(.*?):(\d+):', line)
    return (match.group(1), int(match.group(2)), line) if match else (line, 0, line)


def main(argv=None, out=None):
    out = out or sys.stdout
    args = list(sys.argv[1:] if argv is None else argv)
    skip_vermin = '--skip-vermin' in args
    roots = [a for a in args if a != '--skip-vermin']
    if any(a.startswith('-') for a in roots):
        out.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    if not roots:
        roots = [os.path.join(REPO, r) for r in DEFAULT_ROOTS if os.path.exists(os.path.join(REPO, r))]
    if not skip_vermin and not vermin_available():
        out.write('py27 gate: vermin is not installed for %s (pip install -r requirements-dev.txt)\n'
                  % sys.executable)
        return 1
    problems, counts = run(roots, skip_vermin)
    problems.sort(key=problem_key)
    for line in problems:
        out.write(line + '\n')
    summary = 'parse %(parse)d, header %(header)d, vermin %(vermin)d, restricted %(restricted)d files' % counts
    if counts['waived']:
        summary += '; %(waived)d waived by "# py27gate: ok"' % counts
    if problems:
        out.write('py27 gate: FAILED, %d problem(s) (%s)\n' % (len(problems), summary))
        return 1
    out.write('py27 gate: OK (%s)\n' % summary)
    return 0


if __name__ == '__main__':
    sys.exit(main())
