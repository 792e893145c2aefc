"""Filling Harbour's forms as a person would, for the benches (no Django needed): the fields of
a form read from its page, and TOTP codes from a device's key."""

from __future__ import annotations

import hashlib
import hmac
import struct
import time
from html.parser import HTMLParser


def totp(key_hex: str, at: float | None = None) -> str:
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class _Form(HTMLParser):
    """The fields of the first form whose action contains ``action``."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.done = action, False, False
        self.fields: list[dict] = []
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        target = a.get("action") or ""
        if (
            tag == "form"
            and not self.done
            and (not target or (self.action and self.action in target))
        ):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            self.fields.append({"tag": "input", **a})
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "name": a["name"], "options": []}
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"tag": "textarea", "name": a["name"], "value": ""}
            self.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(html: str, action: str, values: dict, *, radio_prefer=("no", "No")) -> dict:
    """What a person would submit: hidden fields as given, ``values`` where named, radios
    answered (``radio_prefer`` when offered), the first option of lists, one box of groups."""
    parser = _Form(action)
    parser.feed(html)
    data: dict = {}
    radios: dict[str, list[str]] = {}
    for field in parser.fields:
        name, kind = field["name"], field.get("type", field["tag"])
        if name in values:
            data[name] = values[name]
        elif kind == "radio":
            radios.setdefault(name, []).append(field.get("value", ""))
        elif kind == "checkbox":
            data.setdefault(name, field.get("value", "on"))
        elif kind == "select":
            options = [o for o in field["options"] if o]
            data[name] = options[0] if options else ""
        elif kind in ("hidden", "text", "textarea", "number", "email", "tel", "date", "search"):
            data.setdefault(name, field.get("value", ""))
    for name, options in radios.items():
        preferred = [o for o in options if o in radio_prefer]
        data[name] = preferred[0] if preferred else options[0]
    return data
