"""Who may change the directory.

Every signed-in member of staff may read it (caseworkers look for services to refer to); the
partnership's administrators and its analysts and commissioners keep it up to date.
"""

from harbour.accounts.roles import Role

EDITOR_ROLES: tuple[str, ...] = (Role.ADMINISTRATOR, Role.ANALYST)


def can_edit_directory(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*EDITOR_ROLES))
