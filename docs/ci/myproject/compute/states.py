"""The statuses a backup is stored with."""

CREATING = "creating"
AVAILABLE = "available"
RESTORING = "restoring"
ERROR = "error"
DELETED = "deleted"

#: The statuses a backup can be deleted from.
DELETABLE = [AVAILABLE, ERROR]
