"""A small finite-state machine (its methods are what the states module calls)."""


class FSM:
    """States and the events that move between them."""

    def __init__(self):
        self._states = {}
        self._transitions = {}

    def add_state(self, state, stable=False, **callbacks):
        """Add *state*."""
        self._states[state] = dict(stable=stable, **callbacks)

    def add_transition(self, start, end, event):
        """Let *event* move a machine in *start* to *end*."""
        self._transitions.setdefault(start, {})[event] = end
