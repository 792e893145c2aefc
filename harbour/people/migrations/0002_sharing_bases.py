from django.db import migrations


def load(apps, schema_editor):
    from harbour.people.sharing_data import load as load_bases

    load_bases(apps.get_model("people", "LawfulBasis"), apps.get_model("people", "ProcessingCondition"))


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
