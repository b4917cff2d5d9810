"""VM states as module-level constants, and lists of them built from each other."""

ACTIVE = 'active'
BUILDING = 'building'
PAUSED = 'paused'
SUSPENDED = 'suspended'
STOPPED = 'stopped'
RESCUED = 'rescued'
RESIZED = 'resized'
SOFT_DELETED = 'soft-delete'  # the value differs from the model's state id (soft_deleted)
DELETED = 'deleted'
ERROR = 'error'

ALLOW_SOFT_REBOOT = [ACTIVE]
# a list concatenated from another list of this module
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + [STOPPED, PAUSED, SUSPENDED, ERROR]
