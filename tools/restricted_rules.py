# -*- coding: utf-8 -*-
"""The framework's RestrictedPython compile rules, checked statically on the Python 2.7 AST.

Plex compiles every module under ``Contents/Code/`` with RestrictedPython and refuses the
whole bundle on the first violation (plex-runtime.md section 2.6). Checking the same rules
here lets the gate and the emulator refuse such code before a real server ever sees it.
Owned by the gate (tools/py27_gate.py, its neighbour); the emulator (tests/harness/plexemu/
loader.py) imports it as the top-level module `restricted_rules`, with tools/ on sys.path.
"""
from __future__ import absolute_import, division, print_function

import codecs
import collections
import re
import sys

if sys.version_info[0] >= 3:
    from typed_ast import ast27 as ast  # the 2.7 grammar, not the running interpreter's
else:  # pragma: no cover - exercised by the 2.7 run of the suite
    import ast

Violation = collections.namedtuple('Violation', 'filename lineno message')

INIT_DUNDERS = frozenset(['__init__', '__call__', '__str__', '__repr__'])
ELEVATED_DUNDERS = INIT_DUNDERS | frozenset([
    '__getitem__', '__getattr__', '__getattribute__', '__setitem__', '__setattr__',
    '__delitem__', '__delattr__', '__iter__', '__len__', '__name__', '__eq__', '__ne__',
    '__enter__', '__exit__',
])
POLICIES = {'init': INIT_DUNDERS, 'elevated': ELEVATED_DUNDERS}

# Messages of rules the framework enforces only at run time (NameError when the line runs, or
# output lost to stderr) rather than at compile time. They are refused here on purpose, as
# contracts.md asks; a caller that must mirror the compiler exactly can filter on these prefixes.
RUNTIME_ONLY_PREFIXES = ('print statement', 'print() under print_function', 'the builtin open()')

# PEP 263: the declaration must sit on line 1 or 2.
CODING_RE = re.compile(br'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)')
UTF8_BOM = b'\xef\xbb\xbf'


def declared_encoding(source_bytes):
    """Return the PEP 263 encoding named in the first two lines, or None."""
    for line in source_bytes.splitlines()[:2]:
        match = CODING_RE.match(line)
        if match:
            return match.group(1).decode('ascii')
    return None


def parse27(source_bytes, filename='<unknown>'):
    """Parse bytes with a real Python 2.7 grammar; SyntaxError (with lineno) when it is not 2.7.

    typed_ast refuses bytes that carry a coding declaration, so on Python 3 the bytes are
    decoded here with the declared encoding and handed over as text. Bytes that are not
    valid in the declared encoding are refused on both interpreters.
    """
    if not isinstance(source_bytes, bytes):
        raise TypeError('source must be bytes, got %r' % type(source_bytes))
    data = source_bytes
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    encoding = declared_encoding(data)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise SyntaxError('unknown encoding: %s' % encoding, (filename, 1, 0, None))
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            lineno = data[:exc.start].count(b'\n') + 1
            raise SyntaxError('bytes not valid %s: %s' % (encoding, exc.reason), (filename, lineno, 0, None))
        if sys.version_info[0] < 3:  # pragma: no cover - the 2.7 run of the suite
            return ast.parse(source_bytes, filename)  # Python 2 wants the bytes and their coding line
    else:
        # The framework decodes undeclared non-ASCII bytes as Latin-1 (plex-runtime.md 2.8);
        # the gate separately insists on the coding line.
        if sys.version_info[0] < 3:  # pragma: no cover - the 2.7 run of the suite
            return ast.parse(source_bytes, filename)
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError:
            text = data.decode('latin-1')
    return ast.parse(text, filename)


class _Checker(ast.NodeVisitor):
    """Walks one module and records every construct the restricted compiler refuses."""

    def __init__(self, filename, allowed):
        self.filename = filename
        self.allowed = allowed
        self.found = []
        self.print_function = False

    def add(self, node, message):
        self.found.append(Violation(self.filename, getattr(node, 'lineno', 0) or 0, message))

    def check_name(self, node, name, kind='variable'):
        if not name:
            return
        if name.startswith('_') and name != '_' and name not in self.allowed:
            self.add(node, '"%s" is an invalid %s name because it starts with "_"' % (name, kind))
        elif name.endswith('__roles__'):
            self.add(node, '"%s" is an invalid %s name because it ends with "__roles__"' % (name, kind))
        elif name == 'printed':
            self.add(node, '"printed" is a reserved name')

    def check_args(self, node, args):
        for arg in args.args:
            if isinstance(arg, ast.Name):
                self.check_name(node, arg.id, 'argument')
            else:  # tuple parameters: def f((a, b))
                self.visit(arg)
        for name in (args.vararg, args.kwarg):
            self.check_name(node, name, 'argument')

    # statements -------------------------------------------------------------------------
    def visit_FunctionDef(self, node):
        self.check_name(node, node.name, 'function')
        self.check_args(node, node.args)
        self.generic_visit_except(node, 'args')

    def visit_Lambda(self, node):
        self.check_args(node, node.args)
        self.visit(node.body)

    def visit_ClassDef(self, node):
        self.check_name(node, node.name, 'class')
        self.generic_visit(node)

    def visit_Import(self, node):
        # Plain imports are checked (name and "as" name); "from x import _y" is not (2.6).
        for alias in node.names:
            self.check_name(node, alias.name, 'import')
            self.check_name(node, alias.asname, 'import')

    def visit_ImportFrom(self, node):
        if node.module == '__future__':
            if any(alias.name == 'print_function' for alias in node.names):
                self.print_function = True

    def visit_Exec(self, node):
        self.add(node, 'Exec statements are not allowed')
        self.generic_visit(node)

    def visit_Print(self, node):
        self.add(node, 'print statement: output goes to the process stderr, not the plug-in log (use Log)')
        self.generic_visit(node)

    def visit_Yield(self, node):
        self.add(node, 'Yield statements are not allowed')
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        if isinstance(node.target, (ast.Attribute, ast.Subscript)):
            self.add(node, 'Augmented assignment of attributes and object items is not allowed')
        self.generic_visit(node)

    # expressions ------------------------------------------------------------------------
    def visit_Name(self, node):
        self.check_name(node, node.id)
        if isinstance(node.ctx, ast.Load):
            if node.id == 'open':
                self.add(node, 'the builtin open() does not exist in plug-in code (use Data, Core.storage or io.open)')
            elif node.id == 'print' and self.print_function:
                self.add(node, 'print() under print_function is a NameError in the sandbox (use Log)')

    def visit_Attribute(self, node):
        self.check_name(node, node.attr, 'attribute')
        self.visit(node.value)

    def generic_visit_except(self, node, skip):
        for field, value in ast.iter_fields(node):
            if field == skip:
                continue
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)


def _binds_open(tree):
    """True when the module binds the name open itself (def open, from io import open...)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name) == 'open' for alias in node.names):
                return True
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == 'open':
            return True
        elif isinstance(node, ast.Name) and node.id == 'open' and not isinstance(node.ctx, ast.Load):
            return True
    return False


def find_violations(source_bytes, filename, policy):
    """Return [Violation(filename, lineno, message)] for one Code/ module, sorted by line.

    policy: 'init' for Code/__init__.py (always compiled non-elevated), 'elevated' for the
    other Code/ modules of an Elevated bundle. Raises SyntaxError when the source is not 2.7.
    """
    if policy not in POLICIES:
        raise ValueError('policy must be one of %s, got %r' % (sorted(POLICIES), policy))
    tree = parse27(source_bytes, filename)
    checker = _Checker(filename, POLICIES[policy])
    checker.visit(tree)
    found = checker.found
    if _binds_open(tree):
        found = [v for v in found if not v.message.startswith('the builtin open()')]
    return sorted(found, key=lambda v: v.lineno)
