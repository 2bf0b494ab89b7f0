"""Background work for notifications: sending one external delivery."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def deliver(delivery_id: int) -> str:
    """Send one `Delivery` (enqueued after the notifying transaction commits).

    Failures are recorded on the row, never raised: `ningju notify retry` sends again.
    """
    return services.delivery_send(delivery_id=delivery_id)
