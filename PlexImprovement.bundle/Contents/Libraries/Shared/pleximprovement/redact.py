# -*- coding: utf-8 -*-
"""Remove personal data from log text before it is shown or saved as an example.

Reports keep a few example lines per error class; those lines can carry the server token,
API keys in agent URLs, e-mail addresses, the user's home folder and the Plex account name
(`Signed-in Token (name)` in the server log). Everything shown passes through `redact()`.
"""
from __future__ import absolute_import, division, print_function

import re

MASK = u'<redacted>'

# X-Plex-Token in a query string, a header dump or a Python dict repr.
_PLEX_TOKEN = re.compile(
    u'''(X-Plex-Token['"]?\\s*[=:]\\s*['"]?)[^&'"\\s,;}]+''', re.IGNORECASE)
# Secrets passed as URL parameters by agents (TMDB api_key, TheTVDB apikey, OAuth tokens...).
_URL_SECRET = re.compile(
    u'([?&;](?:api[_-]?key|apikey|key|token|access[_-]?token|auth|authorization|password|passwd'
    u'|pass|secret|client[_-]?secret|sig|signature|session)=)[^&\\s\'"#]+',
    re.IGNORECASE)
# Bearer/Basic credentials in a header dump.
_AUTH_HEADER = re.compile(u'''(Authorization['"]?\\s*[:=]\\s*['"]?(?:Bearer|Basic|Token)?\\s*)[^'"\\s,;}]+''',
                          re.IGNORECASE)
_EMAIL = re.compile(u'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}')
# Home folders: /home/<u>, /Users/<u>, C:\Users\<u> (any drive, either slash, escaped too).
_POSIX_HOME = re.compile(u'(/(?:home|Users)/)[^/\\s\'"]+')
_WIN_HOME = re.compile(u'([A-Za-z]:(?:\\\\{1,2}|/)Users(?:\\\\{1,2}|/))[^\\\\/\\s\'"]+', re.IGNORECASE)
_SIGNED_IN = re.compile(u'(Signed-in Token \\()[^)]*(\\))')


def redact(text):
    """Return `text` (bytes or unicode) as unicode with tokens, e-mails, users and homes masked."""
    if text is None:
        return u''
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'replace')
    # Each pattern runs only when its trigger text is present (this is on the hot path).
    lower = text.lower()
    if u'token' in lower:
        text = _PLEX_TOKEN.sub(u'\\g<1>' + MASK, text)
    if u'=' in text:
        text = _URL_SECRET.sub(u'\\g<1>' + MASK, text)
    if u'authorization' in lower:
        text = _AUTH_HEADER.sub(u'\\g<1>' + MASK, text)
    if u'Signed-in' in text:
        text = _SIGNED_IN.sub(u'\\g<1><user>\\g<2>', text)
    if u'@' in text:
        text = _EMAIL.sub(u'<email>', text)
    if u'users' in lower or u'/home/' in text:
        text = _POSIX_HOME.sub(u'\\g<1><user>', text)
        text = _WIN_HOME.sub(u'\\g<1><user>', text)
    return text
