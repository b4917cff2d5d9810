"""What vmgraph cannot know without running code: it must say so, with file and line."""

from fakenova import vm_states
from fakenova.compute.decorators import check_instance_state


def _rebuildable():
    return [vm_states.ACTIVE, vm_states.STOPPED]


# fakenova.yaml does not map rebuild, so this is listed as not modelled; the tests map it
@check_instance_state(vm_state=_rebuildable())
def rebuild(context, instance, image):
    pass
