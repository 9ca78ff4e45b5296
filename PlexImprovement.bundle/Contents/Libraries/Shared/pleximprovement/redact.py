# -*- coding: utf-8 -*-
"""Remove secrets and personal data from text before anyone sees it: `redact(text)`.

In: text or bytes (a log line, a whole report, a piece of JSON). Out: unicode with every
credential replaced by `<redacted>`, e-mail addresses by `<email>`, and the user in home
folders and in the server's `Signed-in Token (name)` by `<user>`.

Why one function for everything: every output (the command line's stdout and stderr, the
saved reports, the JSON, the menu, later the dashboard and the log zip) passes its text
through `redact()` as it leaves, so no path can forget a shape. The reader also redacts
the example lines it keeps, so a snapshot on disk holds none either.

Shapes caught (case-insensitive), each tested in tests/unit/test_redact.py:
* `name=value`, `name: "value"`, `'name': u'value'`, `name="value"` (XML attributes such as
  PlexOnlineToken="..."), JSON-escaped `\\"name\\": \\"value\\"`, and the URL-encoded
  separators `%3D` / `%253D` / `%3A`, where the name contains token, secret, password,
  passwd, pwd or api key (`_`/`-` also as `%5F`/`%2D`): X-Plex-Token, api_key, access_token,
  client_secret, free text `token=...`;
* query and fragment parameters (`?`, `&`, `;`, `#`, or `%3F`/`%26`/`%23`) named key, auth,
  sig, signature, session, code, client_id (OAuth) and the names above;
* `X-Plex-Token TOKEN` (space separated), `Authorization: Bearer|Basic ...`, `Bearer ...`;
* the whole user information of a URL (`scheme://user:pass@host` -> `scheme://<redacted>@host`);
* IP addresses other than loopback (127.0.0.0/8, ::1) and the unspecified 0.0.0.0 and `::`, by
  `<ip>`: IPv4 (also after a URL-encoded `%2F`/`%3A`, not when part of a longer dotted number or a
  product version such as `Chrome/124.0.0.0`), IPv6 in full or `::` form (colons also as `%3A`;
  a time such as `21:07:13` or a C++ `Class::method` is not an address).
A value ends at white space, a quote, a backslash, `&`, `#`, `,`, `;`, `<`, `>`, `)`, `]`
or `}` (a JSON `\\uXXXX` escape and a `<n>`-style placeholder of text.py's maskers are part
of it: a template can hold a masked secret); the masks contain none of those characters
and no pattern consumes a quote or a lone backslash, so redacting JSON text leaves valid JSON
with the same structure. After a `:` (dictionary style) a value is only masked when quoted,
so a JSON number is never touched. `json_pieces(document)` is the JSON of a document through
redact(), a piece at a time (how the command line prints, and how big reports can be saved,
without building the whole text in memory).
"""
from __future__ import absolute_import, division, print_function

import json
import re

MASK = u'<redacted>'
JSON_PIECE = 1 << 16    # characters of JSON redacted (and handed out) at a time

# A JSON \\uXXXX escape, or a placeholder text.py's maskers put in place of digits, is part of a value.
_INSIDE = u'\\\\u[0-9a-fA-F]{4}|<(?:n|NUM|ID|HEX|\\*)>'
_VALUE = u'(?:' + _INSIDE + u'|[^\\s\'"\\\\&#,;<>)\\]}])+'
_QUOTE = u'(?:[ubUB]?\\\\?[\'"])'       # an opening quote: ', ", u', b', or a JSON-escaped \"
_SEP_EQ = u'(?:=|%3[dD]|%253[dD])'
_UNDERSCORE = u'(?:[_-]|%5[fF]|%2[dD])'
# A name that holds a secret wherever it appears: ...token..., ...secret..., password, api key.
# Matching starts at the secret word (what comes before it in the name is kept as it is), which
# is several times faster than matching the name from its first letter.
_SECRET_WORD = u'(?:token|secret|passw(?:or)?d|pwd|api' + _UNDERSCORE + u'?key)'
# name=value, name="value", 'name': 'value', "name": "value", \"name\": \"value\".
_KEY_VALUE = re.compile(
    u'(' + _SECRET_WORD + u'(?:[\\w-]|' + _UNDERSCORE + u')*(?:\\\\?[\'"])?\\s*'
    u'(?:' + _SEP_EQ + u'\\s*' + _QUOTE + u'?|(?::|%3[aA])\\s*' + _QUOTE + u'))' + _VALUE,
    re.IGNORECASE | re.UNICODE)
# Query or fragment parameters that are secrets only there (key, code, client_id...); the names
# holding a secret word anywhere are _KEY_VALUE's.
_PARAM_NAMES = (u'key', u'auth', u'authorization', u'sig', u'signature', u'session', u'sessionid', u'sid', u'code',
                u'pass', u'client_id', u'clientid', u'client-id', u'client%5fid', u'client%2did')
_PARAM = re.compile(
    u'((?:[?&;#]|%3[fF]|%26|%23)(?:key|auth|authorization|sig|signature|session|sessionid|sid|code'
    u'|client' + _UNDERSCORE + u'?id|pass)' + _SEP_EQ + u')' + _VALUE,
    re.IGNORECASE | re.UNICODE)
# X-Plex-Token followed by the bare token after white space or a colon (a header dump, a message).
_PLEX_TOKEN_SPACED = re.compile(u'(X-Plex-Token(?:\\s*:\\s*|\\s+))(?!<redacted>)' + _VALUE, re.IGNORECASE)
# Authorization headers and bare bearer tokens.
_SCHEME = u'(?:Bearer|Basic|Token|OAuth)'
_AUTH_HEADER = re.compile(
    u'(Authorization(?:\\\\?[\'"])?\\s*[:=]\\s*' + _QUOTE + u'?(?:' + _SCHEME + u'\\s+)?)'
    u'(?!<redacted>)(?!' + _SCHEME + u'\\s)' + _VALUE,
    re.IGNORECASE)
_BEARER = re.compile(u'(\\bBearer\\s+)(?!<redacted>)' + _VALUE, re.IGNORECASE)
# The whole user information of a URL: scheme://user:password@host.
_URL_USERINFO = re.compile(u'(\\b[A-Za-z][A-Za-z0-9+.-]*://)(?:' + _INSIDE + u'|[^\\s/?#@\'"\\\\<>])+@')
_EMAIL = re.compile(u'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}')
# Home folders: /home/<u>, /Users/<u>, C:\Users\<u> (any drive, either slash, escaped too).
_POSIX_HOME = re.compile(u'(/(?:home|Users)/)(?:\\\\u[0-9a-fA-F]{4}|[^/\\s\'"\\\\])+')
_WIN_HOME = re.compile(u'([A-Za-z]:(?:\\\\{1,2}|/)Users(?:\\\\{1,2}|/))(?:\\\\u[0-9a-fA-F]{4}|[^\\\\/\\s\'"])+',
                       re.IGNORECASE)
_SIGNED_IN = re.compile(u'(Signed-in Token \\()[^)"\\\\\\n]*(\\))')
# IP addresses. An IPv4 address starts after anything but a word character or a dot (or after a
# URL-encoded byte: `%2F192.168.1.5`), not after a product token (`Chrome/124.0.0.0`), and is not
# followed by a word character or another `.digit`; _ip4_mask checks that context and the octets
# (the pattern itself starts with a digit, so the regex engine skips to candidates fast). An IPv6
# address has 8 groups or a `::`; one written with a `::` has at most 7 groups (_ip6_mask).
_IPV4 = re.compile(u'[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}')
_ENCODED_BYTE = re.compile(u'%(?:25)?[0-9A-Fa-f]{2}$')
_AFTER_IPV4 = re.compile(u'\\w|\\.[0-9]', re.UNICODE)
_H6 = u'[0-9A-Fa-f]{1,4}'
_C6 = u'(?::|%3[aA])'
_IPV6 = re.compile(u'(?:(?<![\\w:.%])|(?<=%[0-9A-Fa-f]{2}))('
                   u'(?:' + _H6 + _C6 + u'){7}' + _H6 + u'|'
                   u'(?:' + _H6 + u'(?:' + _C6 + _H6 + u'){0,6})?' + _C6 + _C6 + u'(?:' + _H6 + u'(?:' + _C6 + _H6
                   + u'){0,6})?)(?![\\w:]|%3[aA]|\\.[0-9])')
IP_MASK = u'<ip>'

# Words whose presence lets a pattern run at all (redact() is on the reader's hot path, and
# runs over whole reports): every spelling of _SECRET_WORD, and the names of _PARAM.
_SECRET_WORDS = (u'token', u'secret', u'passw', u'pwd', u'apikey', u'api_key', u'api-key', u'api%5fkey', u'api%2dkey')
_PARAM_WORDS = tuple(name + sep for name in _PARAM_NAMES for sep in (u'=', u'%3d', u'%253d'))


def redact(text):
    """Return `text` (bytes or unicode) as unicode with secrets, e-mails, users and homes masked."""
    if text is None:
        return u''
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'replace')
    lower = text.lower()
    if u'@' in text:
        if u'://' in text:
            text = _URL_USERINFO.sub(u'\\g<1>' + MASK + u'@', text)
        text = _EMAIL.sub(u'<email>', text)
    if any_in(_SECRET_WORDS, lower):
        text = _KEY_VALUE.sub(u'\\g<1>' + MASK, text)
        if u'x-plex-token' in lower:
            text = _PLEX_TOKEN_SPACED.sub(u'\\g<1>' + MASK, text)
        if u'Signed-in' in text:
            text = _SIGNED_IN.sub(u'\\g<1><user>\\g<2>', text)
    if any_in(_PARAM_WORDS, lower):
        text = _PARAM.sub(u'\\g<1>' + MASK, text)
    if u'authorization' in lower or u'bearer' in lower:
        text = _AUTH_HEADER.sub(u'\\g<1>' + MASK, text)
        text = _BEARER.sub(u'\\g<1>' + MASK, text)
    if u'users' in lower or u'/home/' in text:
        text = _POSIX_HOME.sub(u'\\g<1><user>', text)
        text = _WIN_HOME.sub(u'\\g<1><user>', text)
    if u'.' in text:
        text = _IPV4.sub(_ip4_mask, text)
    if u'::' in text or u'%3a' in lower or text.count(u':') >= 7:
        text = _IPV6.sub(_ip6_mask, text)
    return text


def _ip4_mask(match):
    """`<ip>` for an IPv4 address in its context, except loopback (127/8) and 0.0.0.0."""
    address, text, start = match.group(0), match.string, match.start()
    before = text[max(0, start - 5):start]
    glued = before[-1:].isalnum() or before[-1:] in (u'.', u'_')
    if glued or (before[-2:-1].isalpha() and before[-1:] == u'/'):     # `v1.2.3.4`, `Chrome/124.0.0.0`
        if _ENCODED_BYTE.search(before) is None:
            return address
    if _AFTER_IPV4.match(text, match.end()) is not None:
        return address
    octets = [int(octet) for octet in address.split(u'.')]
    if max(octets) > 255 or octets[0] == 127 or not any(octets) or len(address) != len(u'.'.join(
            u'%d' % octet for octet in octets)):
        return address      # not an address (999, a leading zero), loopback, or 0.0.0.0
    return IP_MASK


def _ip6_mask(match):
    """`<ip>` for an IPv6 address, except ::1 and :: (also zero-padded); a `::` form with more
    than 7 groups, or a lone `::N` (a Python slice such as `[::2]`), is not an address."""
    address = match.group(1).replace(u'%3A', u':').replace(u'%3a', u':')
    groups = [int(g, 16) for g in address.split(u':') if g]
    if u'::' in address and (address.count(u'::') > 1 or len(groups) > 7
                             or (address.startswith(u'::') and len(groups) < 2)):
        return match.group(0)
    if not any(groups[:-1]) and (not groups or groups[-1] in (0, 1)):
        return match.group(0)       # ::, ::1, 0:0:0:0:0:0:0:1
    return IP_MASK


def any_in(words, text):
    for word in words:
        if word in text:
            return True
    return False


def json_pieces(document):
    """`document` as JSON text (indent 1, sorted keys, not ASCII-escaped), redacted, in pieces.

    The encoder hands out one token at a time (a string is always whole) and pieces are cut
    only between tokens, so redact() sees each string whole. The separators are given so
    that Python 2.7 writes no trailing spaces: the text is the same on 2.7 and 3. The last
    piece ends with a newline.
    """
    encoder = json.JSONEncoder(indent=1, sort_keys=True, separators=(',', ': '), ensure_ascii=False)
    piece, size = [], 0
    for token in encoder.iterencode(document):
        piece.append(token)
        size += len(token)
        if size >= JSON_PIECE:
            yield redact(join_text(piece))
            piece, size = [], 0
    piece.append(u'\n')
    yield redact(join_text(piece))


def join_text(parts):
    """Text of parts that are text or, on Python 2.7, byte strings (its encoder's own tokens are
    ASCII byte strings; a value given as UTF-8 bytes comes back as it was)."""
    try:
        return u''.join(parts)
    except UnicodeDecodeError:
        return u''.join(p.decode('utf-8', 'replace') if isinstance(p, bytes) else p for p in parts)
