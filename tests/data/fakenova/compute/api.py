"""Every shape of @check_instance_state that vmgraph drift must read (parsed, never run)."""

import fakenova.task_states as ts
import fakenova.vm_states
from fakenova import vm_states
from fakenova.compute import decorators as deco
from fakenova.compute.decorators import check_instance_lock, check_instance_state
from fakenova.constants import RESIZABLE, SNAPSHOTTABLE
from fakenova.vm_states import ACTIVE, STOPPED

# a module-level constant of this module
_SUSPENDABLE = [vm_states.ACTIVE]


class API:
    # a class-level constant, used by name in the class body
    _RESCUABLE = (ACTIVE, STOPPED, vm_states.ERROR)

    # stacked, state check first
    @check_instance_state(vm_state=[vm_states.ACTIVE])
    @check_instance_lock
    def pause(self, context, instance):
        pass

    # stacked, in the middle, reached through a module attribute
    @check_instance_lock
    @deco.check_instance_state(vm_state=[vm_states.PAUSED])
    @deco.log_call
    def unpause(self, context, instance):
        pass

    # stacked last; all three arguments positional
    @check_instance_lock
    @deco.log_call
    @check_instance_state([vm_states.ACTIVE, vm_states.ERROR], [None], True)
    def stop(self, context, instance):
        pass

    # positional and keyword arguments mixed
    @check_instance_state([STOPPED], must_have_launched=True)
    def start(self, context, instance):
        pass

    # keywords: any state, any task, not launched
    @check_instance_state(vm_state=None, task_state=None, must_have_launched=False)
    def delete(self, context, instance):
        pass

    # positional None, None: any state and any task state
    @check_instance_lock
    @check_instance_state(None, None)
    def soft_delete(self, context, instance):
        pass

    # the value the code stores, which the model maps to soft_deleted
    @check_instance_state(vm_state=['soft-delete'])
    def restore(self, context, instance):
        pass

    # a tuple defined in another module
    @check_instance_state(vm_state=RESIZABLE)
    def resize(self, context, instance, flavor):
        pass

    # through the full dotted module path
    @check_instance_state(vm_state=[fakenova.vm_states.RESIZED])
    def confirm_resize(self, context, instance):
        pass

    # a list of another module concatenated with a list
    @check_instance_state(vm_state=SNAPSHOTTABLE + [vm_states.PAUSED, vm_states.SUSPENDED])
    def snapshot(self, context, instance, name):
        pass

    # set literals and a set operator
    @check_instance_state(vm_state={vm_states.ACTIVE} | {vm_states.PAUSED})
    def live_migrate(self, context, instance, host):
        pass

    # the class-level constant
    @check_instance_state(vm_state=_RESCUABLE)
    def rescue(self, context, instance):
        pass

    # the module-level constant
    @check_instance_state(vm_state=_SUSPENDABLE)
    def suspend(self, context, instance):
        pass

    # a one-item tuple, positional
    @check_instance_state((vm_states.SUSPENDED,))
    def resume(self, context, instance):
        pass

    # undecorated: the checks are on the private helpers it delegates to
    @check_instance_lock
    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'SOFT':
            self._soft_reboot(context, instance)
        else:
            self._hard_reboot(context, instance)

    # set(...) of a list defined in another module
    @check_instance_state(vm_state=set(vm_states.ALLOW_SOFT_REBOOT), task_state=[None])
    def _soft_reboot(self, context, instance):
        pass

    # frozenset(...) of a concatenated list; task states through an aliased module
    @check_instance_state(vm_state=frozenset(vm_states.ALLOW_HARD_REBOOT), task_state=ts.ALLOW_REBOOT)
    def _hard_reboot(self, context, instance):
        pass
