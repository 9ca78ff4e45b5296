# -*- coding: utf-8 -*-
"""The failures of a call to the server, one class per thing the owner must do about it.

In: what went wrong (the HTTP status or the connection failure), the URL as shown (the
client has already removed the token from it) and the reason text. Out: an exception whose
message says what failed, where, and the fix. Callers catch PmsError for "the server could
not be used" and the subclasses when the answer differs (a 401 stops a trial at once,
a timeout may be retried later).

No message, repr or attribute of these classes holds the token: the client scrubs every
text before it builds one (client.py scrub()).
"""
from __future__ import absolute_import, division, print_function


class PmsError(Exception):
    """A call to the server failed. `kind` names the class, `url` is the request as shown
    (no token), `fix` what to do, `status` the HTTP status when there was one."""

    kind = 'error'

    def __init__(self, message, url, fix, status=None):
        Exception.__init__(self, ascii_text(u'%s Fix: %s' % (message, fix)))
        self.url = ascii_text(url)
        self.fix = fix
        self.status = status


def ascii_text(text):
    """`text` with every non-ASCII character as a backslash escape: str() of the exception
    then works on 2.7 too and reads the same on every Python."""
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'replace')
    return str(text.encode('ascii', 'backslashreplace').decode('ascii'))


class TokenRefused(PmsError):
    """HTTP 401: the server does not accept the token (or none was given)."""

    kind = 'token'


class ServerUnreachable(PmsError):
    """No connection: refused (nothing listens at the URL), unknown host, network down."""

    kind = 'unreachable'


class ServerTimeout(PmsError):
    """The server took the connection but did not answer within the timeout."""

    kind = 'timeout'


class ServerError(PmsError):
    """Any other HTTP status >= 400 (404: no such item, section or plug-in; 5xx: a failure
    inside the server)."""

    kind = 'http'


class BadAnswer(PmsError):
    """A 2xx answer that is not the XML the API returns (a proxy's page, a cut-off body)."""

    kind = 'answer'


TOKEN_FIX = ('give the server\'s current token: inside Plex it is the PLEXTOKEN the server hands the plug-in '
             '(restart the plug-in or the server if it changed); offline pass --token-file with the '
             'X-Plex-Token shown by Plex Web (an item\'s "Get Info" > "View XML" URL).')
UNREACHABLE_FIX = ('start Plex Media Server, or set the preference "server_url" (offline: --server) to the '
                   'address it listens on (default http://127.0.0.1:32400).')
TIMEOUT_FIX = ('the server is busy (a scan or a large refresh) or hung: try again later; if it answers '
               'Plex Web slowly too, restart Plex Media Server.')
NOT_FOUND_FIX = 'check the id: the item, section or plug-in may have been removed (refresh the list first).'
SERVER_ERROR_FIX = 'see Plex Media Server.log at the time of this request; try again later.'
ANSWER_FIX = ('check that the URL points at Plex Media Server itself (not a web page or a proxy in front '
              'of it).')


def http_error(status, url, reason):
    """The PmsError for an HTTP status >= 400 of `url` (already scrubbed)."""
    if status == 401:
        return TokenRefused('Plex Media Server refused the token (HTTP 401) for %s.' % url, url, TOKEN_FIX, status)
    fix = NOT_FOUND_FIX if status == 404 else SERVER_ERROR_FIX
    text = 'Plex Media Server answered HTTP %s to %s' % (status, url)
    if reason:
        text += ' (%s)' % reason
    return ServerError(text + '.', url, fix, status)


def unreachable(url, reason, tries):
    return ServerUnreachable('No Plex Media Server answers to %s (%s; %d %s).'
                             % (url, reason, tries, 'try' if tries == 1 else 'tries'), url, UNREACHABLE_FIX)


def timed_out(url, seconds, tries):
    return ServerTimeout('Plex Media Server did not answer %s within %s s (%d %s).'
                         % (url, seconds, tries, 'try' if tries == 1 else 'tries'), url, TIMEOUT_FIX)


def bad_answer(url, reason):
    return BadAnswer('The answer to %s is not Plex Media Server XML (%s).' % (url, reason), url, ANSWER_FIX)
