"""Possible VM states of an instance.

The stable state of an instance as its user sees it; ``task_states`` says what is
happening to it. The values are those of the versioned object's field type.
"""

from nova.compute import task_states
from nova.objects import fields

ACTIVE = fields.InstanceState.ACTIVE
BUILDING = fields.InstanceState.BUILDING
PAUSED = fields.InstanceState.PAUSED
SUSPENDED = fields.InstanceState.SUSPENDED
STOPPED = fields.InstanceState.STOPPED
RESCUED = fields.InstanceState.RESCUED
RESIZED = fields.InstanceState.RESIZED
SOFT_DELETED = fields.InstanceState.SOFT_DELETED
DELETED = fields.InstanceState.DELETED
ERROR = fields.InstanceState.ERROR
SHELVED = fields.InstanceState.SHELVED
SHELVED_OFFLOADED = fields.InstanceState.SHELVED_OFFLOADED

# States from which a guest may be rebooted, softly or hard.
ALLOW_SOFT_REBOOT = [ACTIVE]
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + [STOPPED, PAUSED, SUSPENDED, ERROR]

# States in which a crash dump can be triggered.
ALLOW_TRIGGER_CRASH_DUMP = [ACTIVE, PAUSED, RESCUED, RESIZED, ERROR]

# States an evacuated instance may be asked to end in.
ALLOW_TARGET_STATES = [STOPPED]


def allow_resource_removal(vm_state, task_state=None):
    """Return True if the resources of an instance in these states may be freed."""
    return vm_state == DELETED or (
        vm_state == SHELVED_OFFLOADED and task_state != task_states.SPAWNING
    )
