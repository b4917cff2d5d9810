"""The decorators the API stacks; check_instance_state is Nova's signature."""

import functools


def check_instance_state(vm_state=None, task_state=(None,), must_have_launched=True):
    def outer(f):
        return f
    return outer


def check_instance_lock(function):
    @functools.wraps(function)
    def inner(self, context, instance, *args, **kwargs):
        return function(self, context, instance, *args, **kwargs)
    return inner


def log_call(function):
    return function
