"""Typed fields of the versioned objects (the parts ``vmgraph drift`` reads).

As in today's Nova, the instance's VM and task states are class attributes of enum-like
classes whose base comes from a library outside these sources; the state modules of
``nova.compute`` name them. Written for vmgraph's tests; only ever parsed.
"""

from oslo_versionedobjects import fields

# The library's enum field type: the states below are plain strings, not enum members.
Enum = fields.Enum


class BaseNovaEnum(Enum):
    """An enumeration whose valid values are the class's ``ALL``."""

    def __init__(self, **kwargs):
        super().__init__(valid_values=self.__class__.ALL)


class InstanceState(BaseNovaEnum):
    """The VM states of an instance (its ``vm_state``)."""
    ACTIVE = 'active'
    BUILDING = 'building'
    PAUSED = 'paused'
    SUSPENDED = 'suspended'
    STOPPED = 'stopped'
    RESCUED = 'rescued'
    RESIZED = 'resized'
    SOFT_DELETED = 'soft-delete'
    DELETED = 'deleted'
    ERROR = 'error'
    SHELVED = 'shelved'
    SHELVED_OFFLOADED = 'shelved_offloaded'

    ALL = (
        ACTIVE,
        BUILDING,
        PAUSED,
        SUSPENDED,
        STOPPED,
        RESCUED,
        RESIZED,
        SOFT_DELETED,
        DELETED,
        ERROR,
        SHELVED,
        SHELVED_OFFLOADED,
    )


class InstanceTaskState(BaseNovaEnum):
    """What is happening to an instance (its ``task_state``)."""

    SCHEDULING = 'scheduling'
    BLOCK_DEVICE_MAPPING = 'block_device_mapping'
    NETWORKING = 'networking'
    SPAWNING = 'spawning'
    IMAGE_SNAPSHOT = 'image_snapshot'
    IMAGE_SNAPSHOT_PENDING = 'image_snapshot_pending'
    IMAGE_PENDING_UPLOAD = 'image_pending_upload'
    IMAGE_UPLOADING = 'image_uploading'
    IMAGE_BACKUP = 'image_backup'
    UPDATING_PASSWORD = 'updating_password'
    RESIZE_PREP = 'resize_prep'
    RESIZE_MIGRATING = 'resize_migrating'
    RESIZE_MIGRATED = 'resize_migrated'
    RESIZE_FINISH = 'resize_finish'
    RESIZE_REVERTING = 'resize_reverting'
    RESIZE_CONFIRMING = 'resize_confirming'
    REBOOTING = 'rebooting'
    REBOOT_PENDING = 'reboot_pending'
    REBOOT_STARTED = 'reboot_started'
    REBOOTING_HARD = 'rebooting_hard'
    REBOOT_PENDING_HARD = 'reboot_pending_hard'
    REBOOT_STARTED_HARD = 'reboot_started_hard'
    PAUSING = 'pausing'
    UNPAUSING = 'unpausing'
    SUSPENDING = 'suspending'
    RESUMING = 'resuming'
    POWERING_OFF = 'powering_off'
    POWERING_ON = 'powering_on'
    RESCUING = 'rescuing'
    UNRESCUING = 'unrescuing'
    REBUILDING = 'rebuilding'
    REBUILD_BLOCK_DEVICE_MAPPING = 'rebuild_block_device_mapping'
    REBUILD_SPAWNING = 'rebuild_spawning'
    MIGRATING = 'migrating'
    DELETING = 'deleting'
    SOFT_DELETING = 'soft_deleting'
    RESTORING = 'restoring'
    SHELVING = 'shelving'
    SHELVING_IMAGE_PENDING_UPLOAD = 'shelving_image_pending_upload'
    SHELVING_IMAGE_UPLOADING = 'shelving_image_uploading'
    SHELVING_OFFLOADING = 'shelving_offloading'
    UNSHELVING = 'unshelving'

    ALL = (
        SCHEDULING,
        BLOCK_DEVICE_MAPPING,
        NETWORKING,
        SPAWNING,
        IMAGE_SNAPSHOT,
        IMAGE_SNAPSHOT_PENDING,
        IMAGE_PENDING_UPLOAD,
        IMAGE_UPLOADING,
        IMAGE_BACKUP,
        UPDATING_PASSWORD,
        RESIZE_PREP,
        RESIZE_MIGRATING,
        RESIZE_MIGRATED,
        RESIZE_FINISH,
        RESIZE_REVERTING,
        RESIZE_CONFIRMING,
        REBOOTING,
        REBOOT_PENDING,
        REBOOT_STARTED,
        REBOOTING_HARD,
        REBOOT_PENDING_HARD,
        REBOOT_STARTED_HARD,
        PAUSING,
        UNPAUSING,
        SUSPENDING,
        RESUMING,
        POWERING_OFF,
        POWERING_ON,
        RESCUING,
        UNRESCUING,
        REBUILDING,
        REBUILD_BLOCK_DEVICE_MAPPING,
        REBUILD_SPAWNING,
        MIGRATING,
        DELETING,
        SOFT_DELETING,
        RESTORING,
        SHELVING,
        SHELVING_IMAGE_PENDING_UPLOAD,
        SHELVING_IMAGE_UPLOADING,
        SHELVING_OFFLOADING,
        UNSHELVING,
    )


class InstanceStateField(fields.BaseEnumField):
    """A field holding one of :class:`InstanceState`."""

    AUTO_TYPE = InstanceState()


class InstanceTaskStateField(fields.BaseEnumField):
    """A field holding one of :class:`InstanceTaskState`."""

    AUTO_TYPE = InstanceTaskState()
