"""Possible vm states for instances.

Compute instance vm states represent the state of an instance as it pertains to a user or
administrator.
"""

# VM is running
ACTIVE = 'active'

# VM only exists in DB
BUILDING = 'building'

PAUSED = 'paused'

# VM is suspended to disk.
SUSPENDED = 'suspended'

# VM is powered off, the disk image is still there.
STOPPED = 'stopped'

# A rescue image is running with the original VM image attached
RESCUED = 'rescued'

# a VM with the new size is active. The user is expected to manually confirm or revert.
RESIZED = 'resized'

# VM is marked as deleted but the disk images are still available to restore.
SOFT_DELETED = 'soft-delete'

# VM is permanently deleted.
DELETED = 'deleted'

ERROR = 'error'

# VM is powered off, resources still on hypervisor
SHELVED = 'shelved'

# VM and associated resources are not on hypervisor
SHELVED_OFFLOADED = 'shelved_offloaded'

# states we can soft reboot from
ALLOW_SOFT_REBOOT = [ACTIVE]

# states we allow hard reboot from
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + [STOPPED, PAUSED, SUSPENDED, ERROR]

# states we allow to trigger crash dump
ALLOW_TRIGGER_CRASH_DUMP = [ACTIVE, PAUSED, RESCUED, RESIZED, ERROR]

# states we allow resources to be freed in
ALLOW_RESOURCE_REMOVAL = [DELETED, SHELVED_OFFLOADED]
