"""A support ticket as a ``python-statemachine`` class (written for vmgraph's tests; only parsed)."""

from statemachine import State, StateMachine

ON_HOLD = 'on hold'


class TicketMachine(StateMachine):
    """Open tickets are worked on, may be blocked, and end done (until reopened)."""

    open = State(initial=True)
    in_progress = State()
    blocked = State(value=ON_HOLD)
    done = State()

    start = open.to(in_progress)
    block = in_progress.to(blocked) | open.to(blocked)
    unblock = blocked.to(in_progress)
    finish = in_progress.to(done)
    reopen = done.to(open)
    comment = open.to.itself() | in_progress.to.itself() | blocked.to.itself() | done.to.itself()

    def on_enter_done(self):
        """Notify the reporter."""
