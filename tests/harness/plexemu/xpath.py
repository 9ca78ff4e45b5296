# -*- coding: utf-8 -*-
"""Parsed XML/HTML elements with the small XPath subset agents use (lxml is not available).

Supported: paths `/a/b`, `//a`, `.//a`, `./a`, `a/b`, `.`, `..`, `*`; last steps `text()`,
`@attr`; predicates `[N]`, `[last()]`, `[@a]`, `[@a="v"]`, `[@a!="v"]`, `[tag]`,
`[text()="v"]`, `[contains(X, "v")]`, `[starts-with(X, "v")]`, `[not(...)]`,
`normalize-space(X)`, joined by `and` / `or`, where X is `@a`, `text()` or `.`; unions with `|`.
Anything else raises XPathError naming the expression, so a gap is visible, not silent.
"""
from __future__ import absolute_import, division, print_function

import re

from .compat import text_type, to_text


class XPathError(ValueError):
    pass


class Element(object):
    """lxml-like wrapper over an ElementTree element: tag, text, tail, attrib, get, xpath..."""

    def __init__(self, node, doc):
        self._node = node
        self._doc = doc

    # lxml-ish API ----------------------------------------------------------------------
    tag = property(lambda self: self._node.tag)
    attrib = property(lambda self: self._node.attrib)

    @property
    def text(self):
        return self._node.text

    @text.setter
    def text(self, value):
        self._node.text = value

    @property
    def tail(self):
        return self._node.tail

    def get(self, key, default=None):
        return self._node.get(key, default)

    def set(self, key, value):
        self._node.set(key, value)

    def keys(self):
        return list(self._node.attrib.keys())

    def items(self):
        return list(self._node.attrib.items())

    def getparent(self):
        parent = self._doc.parents.get(self._node)
        return Element(parent, self._doc) if parent is not None else None

    def getchildren(self):
        return [Element(c, self._doc) for c in self._node]

    def iterchildren(self):
        return iter(self.getchildren())

    def iter(self, tag=None):
        return [Element(n, self._doc) for n in self._node.iter(tag)]

    def find(self, path):
        found = self._node.find(path)
        return Element(found, self._doc) if found is not None else None

    def findall(self, path):
        return [Element(n, self._doc) for n in self._node.findall(path)]

    def findtext(self, path, default=None):
        return self._node.findtext(path, default)

    def text_content(self):
        return u''.join(to_text(t) for t in self._node.itertext())

    def xpath(self, expr):
        return evaluate(self._node, self._doc, expr)

    def __len__(self):
        return len(self._node)

    def __iter__(self):
        return iter(self.getchildren())

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [Element(n, self._doc) for n in list(self._node)[index]]
        return Element(self._node[index], self._doc)

    def __eq__(self, other):
        return isinstance(other, Element) and other._node is self._node

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return id(self._node)

    def __repr__(self):
        return '<Element %s>' % self._node.tag


class Document(object):
    def __init__(self, root):
        self.root = root
        self.parents = {}
        self.order = dict((id(node), i) for i, node in enumerate(root.iter()))
        for parent in root.iter():
            for child in parent:
                self.parents[child] = parent


def wrap(root):
    return Element(root, Document(root))


_DOC = object()  # the document node above the root element


def _top_level(expr, i, hit):
    """First index from `i` on where hit(index) holds outside quotes/brackets/parentheses;
    len(expr) when there is none. The one quote/depth scanner of _split and _steps."""
    depth, quote = 0, None
    while i < len(expr):
        ch = expr[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in '"\'':
            quote = ch
        elif ch in '[(':
            depth += 1
        elif ch in '])':
            depth -= 1
        elif depth == 0 and hit(i):
            return i
        i += 1
    return i


def _split(expr, sep):
    """Split on `sep` outside quotes/brackets/parentheses."""
    parts, start = [], 0
    while True:
        i = _top_level(expr, start, lambda k: expr.startswith(sep, k))
        if i >= len(expr):
            break
        parts.append(expr[start:i])
        start = i + len(sep)
    parts.append(expr[start:])
    return parts


def _steps(expr):
    """'//a/b[1]/text()' -> [('desc','a',[]),('child','b',['1']),('child','text()',[])]."""
    steps, i, axis = [], 0, 'child'
    while i < len(expr):
        if expr.startswith('//', i):
            axis, i = 'desc', i + 2
            continue
        if expr[i] == '/':
            axis, i = 'child', i + 1
            continue
        j = _top_level(expr, i, lambda k: expr[k] == '/')
        token = expr[i:j].strip()
        preds = []
        match = re.match(r'^([^\[]+)((?:\[.*\])*)$', token)
        if not match:
            raise XPathError('unsupported XPath step %r' % token)
        test, rest = match.group(1).strip(), match.group(2)
        while rest:
            depth, k = 0, 0
            for k, ch in enumerate(rest):
                depth += 1 if ch == '[' else -1 if ch == ']' else 0
                if depth == 0:
                    break
            preds.append(rest[1:k].strip())
            rest = rest[k + 1:]
        steps.append((axis, test, preds))
        axis, i = 'child', j
    return steps


def _children(node, doc):
    if node is _DOC:
        return [doc.root]
    if isinstance(node, text_type):
        return []
    return list(node)


def _descendants_or_self(node, doc):
    if node is _DOC:
        return [_DOC] + list(doc.root.iter())
    return list(node.iter())


def _text_nodes(node):
    out = []
    if node.text:
        out.append(node.text)
    for child in node:
        if child.tail:
            out.append(child.tail)
    return out


def evaluate(context, doc, expr):
    expr = expr.strip()
    if not expr:
        raise XPathError('empty XPath expression')
    union = _split(expr, '|')
    if len(union) > 1:
        out = []
        for part in union:
            for item in evaluate(context, doc, part):
                if item not in out:
                    out.append(item)
        return out
    results = [_DOC if expr.startswith('/') else context]
    steps = _steps(expr)
    for axis, test, preds in steps:
        results = _step(results, doc, axis, test, preds, expr)
    return [Element(n, doc) if not isinstance(n, text_type) and n is not _DOC else n for n in results]


def _step(nodes, doc, axis, test, preds, expr):
    out = []
    for node in nodes:
        bases = _descendants_or_self(node, doc) if axis == 'desc' else [node]
        for base in bases:
            if test == '.':
                cands = [base]
            elif test == '..':
                parent = doc.parents.get(base) if base is not _DOC else None
                cands = [parent] if parent is not None else []
            elif test == 'text()':
                cands = [to_text(t) for t in _text_nodes(base)] if base is not _DOC else []
            elif test.startswith('@'):
                if base is _DOC:
                    continue
                name = test[1:]
                cands = [to_text(v) for k, v in base.attrib.items() if name == '*' or k == name]
            elif test == '*' or re.match(r'^[A-Za-z_][\w.\-:]*$', test):
                cands = [c for c in _children(base, doc) if test == '*' or c.tag == test]
            else:
                raise XPathError('unsupported XPath node test %r in %r' % (test, expr))
            for pred in preds:
                cands = [c for pos, c in enumerate(cands, 1) if _pred(c, pos, len(cands), pred, doc, expr)]
            base_pos = doc.order.get(id(base), -1)
            for i, c in enumerate(cands):
                if isinstance(c, text_type):
                    out.append(((base_pos, 1, i), c))
                elif not any(c is o for _, o in out):
                    out.append(((doc.order.get(id(c), -1), 0, 0), c))
    out.sort(key=lambda pair: pair[0])  # document order, as XPath node-sets are
    return [c for _, c in out]


_STR = re.compile(r'''^("([^"]*)"|'([^']*)')$''')
_FUNC = re.compile(r'^(contains|starts-with|not|normalize-space)\s*\((.*)\)$', re.S)


def _value(node, token, doc, expr):
    token = token.strip()
    lit = _STR.match(token)
    if lit:
        return lit.group(2) if lit.group(2) is not None else lit.group(3)
    if re.match(r'^-?\d+(\.\d+)?$', token):
        return token
    func = _FUNC.match(token)
    if func and func.group(1) == 'normalize-space':
        inner = _value(node, func.group(2) or '.', doc, expr)
        return u' '.join((inner or u'').split())
    if token.startswith('@'):
        value = node.get(token[1:]) if not isinstance(node, text_type) else None
        return to_text(value) if value is not None else None
    if token == 'text()':
        return u''.join(to_text(t) for t in _text_nodes(node)) if not isinstance(node, text_type) else node
    if token == '.':
        return u''.join(to_text(t) for t in node.itertext()) if not isinstance(node, text_type) else node
    if re.match(r'^[A-Za-z_][\w.\-]*$', token) and not isinstance(node, text_type):
        child = node.find(token)
        return u''.join(child.itertext()) if child is not None else None
    raise XPathError('unsupported XPath expression %r in %r' % (token, expr))


def _pred(node, pos, size, pred, doc, expr):
    pred = pred.strip()
    if re.match(r'^\d+$', pred):
        return pos == int(pred)
    if pred == 'last()':
        return pos == size
    ors = _split(pred, ' or ')
    if len(ors) > 1:
        return any(_pred(node, pos, size, p, doc, expr) for p in ors)
    ands = _split(pred, ' and ')
    if len(ands) > 1:
        return all(_pred(node, pos, size, p, doc, expr) for p in ands)
    if pred.startswith('(') and pred.endswith(')'):
        return _pred(node, pos, size, pred[1:-1], doc, expr)
    func = _FUNC.match(pred)
    if func:
        name, args = func.group(1), _split(func.group(2), ',')
        if name == 'not':
            return not _pred(node, pos, size, func.group(2), doc, expr)
        if name in ('contains', 'starts-with') and len(args) == 2:
            hay, needle = _value(node, args[0], doc, expr), _value(node, args[1], doc, expr)
            if hay is None or needle is None:
                return False
            return needle in hay if name == 'contains' else hay.startswith(needle)
    for op in ('!=', '='):
        sides = _split(pred, op)
        if len(sides) == 2:
            left, right = _value(node, sides[0], doc, expr), _value(node, sides[1], doc, expr)
            return (left == right) if op == '=' else (left is not None and left != right)
    value = _value(node, pred, doc, expr)
    return value is not None
