"""Demo: publish the releases that are due for the demo region's records, as the daily task
would, so the figures pages have releases to show; and queue the daily task, which the demo's
worker runs."""

from __future__ import annotations

from harbour.core.seeding import DemoContext


def seed(ctx: DemoContext) -> None:
    from harbour.statistics.releases import releases_publish_due
    from harbour.statistics.tasks import releases_schedule

    summary = releases_publish_due()
    if summary.failed:
        raise RuntimeError("; ".join(summary.failed))
    releases_schedule()
