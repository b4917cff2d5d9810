"""Nested functions and classes, relative imports and a star import."""

from .. import vm_states
from ..vm_states import *  # noqa: F403
from ..vm_states import RESCUED
from .decorators import check_instance_state


def build_api():
    # a local of the enclosing function
    allowed = [RESCUED]

    @check_instance_state(vm_state=allowed)
    def unrescue(context, instance):
        pass

    class Inner:
        @check_instance_state(vm_state=(vm_states.RESIZED,))
        def revert_resize(self, context, instance):
            pass

    return unrescue, Inner


# ACTIVE comes from the star import
@check_instance_state(vm_state=[ACTIVE])  # noqa: F405
def set_admin_password(context, instance, password):
    pass
