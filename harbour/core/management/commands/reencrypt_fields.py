from django.core.management.base import BaseCommand

from harbour.core.rotation import reencrypt_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field value under the newest key in HARBOUR_FIELD_KEYS "
        "(run after putting a new key first; then remove the old key)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options) -> None:
        result = reencrypt_all(batch_size=options["batch_size"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {result.values} values in {result.rows} rows "
                f"across {result.models} tables."
            )
        )
