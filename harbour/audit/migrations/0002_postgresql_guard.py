"""Make the access log append-only at the database level on PostgreSQL (see harbour.audit.guard)."""

from django.db import migrations


def install_guard(apps, schema_editor):
    from harbour.audit import guard

    guard.install(schema_editor.connection)


def remove_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS harbour_audit_guard ON audit_accesslogentry;")
    schema_editor.execute("DROP FUNCTION IF EXISTS harbour_audit_guard();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install_guard, remove_guard, elidable=False)]
