"""The precondition decorator of the backup API."""

import functools


def require_status(status=None):
    """Refuse the call unless the backup's status is one of *status* (None: any)."""

    def wrap(function):
        @functools.wraps(function)
        def checked(self, context, backup, *args, **kwargs):
            if status is not None and backup.status not in status:
                raise ValueError(f"{function.__name__} is not allowed in status {backup.status}")
            return function(self, context, backup, *args, **kwargs)

        return checked

    return wrap
