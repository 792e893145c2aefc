"""One-time links in emails, made when the email is sent.

A message that carries a link (a new account to set up, a reset sign-in, a new email address to
confirm) names an *issuer* and a reference instead of holding the link. When the worker sends
the email it asks the issuer for a fresh link; the issuer makes a random token, keeps only its
hash, and returns the address with the token in it. So the token is never stored anywhere: not
in the outbox (administrators read it), not in the task queue, not in the database::

    # in an app's AppConfig.ready():
    register_link_issuer("accounts.link", account_link_issue)

    # when queueing:
    notification_queue(recipient=user, kind=Kind.SIGN_IN_RESET,
                       link=("accounts.link", link.public_id))

An issuer returns the path (``/staff/...``) with the token, or ``None`` when the link is no
longer wanted (used, withdrawn or replaced before the email went): then nothing is sent.
"""

from __future__ import annotations

from collections.abc import Callable

LinkIssuer = Callable[[str], str | None]

_issuers: dict[str, LinkIssuer] = {}


def register_link_issuer(name: str, issuer: LinkIssuer) -> None:
    _issuers[name] = issuer


def link_issuer(name: str) -> LinkIssuer:
    try:
        return _issuers[name]
    except KeyError:
        raise ValueError(f"No link issuer is registered as {name!r}.") from None
