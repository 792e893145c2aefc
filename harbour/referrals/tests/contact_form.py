"""Posting the public contact form as a browser on this site would."""

from __future__ import annotations

import re

from django.test import Client

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "null"}


def form_token(client: Client) -> str:
    """The signed token of a freshly served contact form."""
    page = client.get("/contact/")
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)
