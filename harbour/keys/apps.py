from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeysConfig(AppConfig):
    name = "harbour.keys"
    label = "keys"
    verbose_name = _("Keys")
    default_auto_field = "django.db.models.BigAutoField"
