from django.core.management.base import BaseCommand

from harbour.people.services import people_rehash


class Command(BaseCommand):
    help = (
        "Rebuild every person's keyed hashes (duplicate-check keys and name buckets) at once, "
        "after HARBOUR_PEOPLE_NAME_BUCKET_BITS has changed. To rotate the hash key without "
        "downtime use `rotate_keys start hashes`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options) -> None:
        count = people_rehash(batch_size=options["batch_size"])
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the keyed hashes of {count} people."))
