"""Lists of states defined in terms of another module of the package."""

from fakenova import vm_states as vms

# a tuple
RESIZABLE = (vms.ACTIVE, vms.STOPPED)
# a list built from a list of another module
SNAPSHOTTABLE = vms.ALLOW_SOFT_REBOOT + [vms.STOPPED]
