"""The access log's search page, for administrators.

The access log itself (``harbour.audit``) sits below accounts, because every layer writes to it,
accounts included (sign-ins, refusals, account changes). Its search page is an administrator's
page guarded by a role, so it is served from here, above both.
"""
