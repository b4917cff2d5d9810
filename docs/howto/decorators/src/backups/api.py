"""The backup API: each call says which statuses it accepts (parsed by vmgraph, never run)."""

from backups import states
from backups.guard import require_status


class API:
    @require_status(status=[states.AVAILABLE])
    def restore(self, context, backup):
        """Copy the backup back to its volume."""

    @require_status(status=states.DELETABLE)
    def delete(self, context, backup):
        """Remove the backup."""

    @require_status(status=[states.AVAILABLE, states.ERROR])
    def reset(self, context, backup):
        """Make the backup available again (an operator's call)."""
