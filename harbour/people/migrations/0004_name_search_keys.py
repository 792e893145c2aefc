"""Every person gets the keys name search uses (name buckets), and the duplicate check's keys
are rebuilt with names read in any script and with their variants (see decision 0008)."""

from django.db import migrations


def rebuild_keys(apps, schema_editor):
    from harbour.people.matching import identity_keys, identity_of

    Person = apps.get_model("people", "Person")
    MatchKey = apps.get_model("people", "MatchKey")
    fields = ("id", "given_name", "family_name", "other_names", "date_of_birth", "phone", "email")
    for person in Person.objects.only(*fields).order_by("pk").iterator(chunk_size=500):
        MatchKey.objects.filter(person_id=person.pk).delete()
        MatchKey.objects.bulk_create(
            [
                MatchKey(person_id=person.pk, kind=key.kind, digest=key.digest)
                for key in identity_keys(identity_of(person))
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_works_for_partner_agency"),
    ]

    operations = [migrations.RunPython(rebuild_keys, migrations.RunPython.noop)]
