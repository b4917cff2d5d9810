"""Provision states of a bare-metal node, and the machine that moves between them.

Written for vmgraph's tests in the shape of an automaton-style machine (as OpenStack
Ironic builds one): constants for the state values, then one add_transition(start, end,
event) call per transition. Only ever parsed.
"""

from bmnode.common import fsm

ENROLL = 'enroll'
MANAGEABLE = 'manageable'
AVAILABLE = 'available'
ACTIVE = 'active'
ERROR = 'error'
RESCUE = 'rescue'
VERIFYING = 'verifying'
DEPLOYING = 'deploying'
DEPLOYWAIT = 'wait call-back'
DEPLOYFAIL = 'deploy failed'
DEPLOYHOLD = 'deploy hold'
CLEANING = 'cleaning'
CLEANWAIT = 'clean wait'
CLEANFAIL = 'clean failed'
CLEANHOLD = 'clean hold'
DELETING = 'deleting'
INSPECTING = 'inspecting'
INSPECTFAIL = 'inspect failed'
INSPECTWAIT = 'inspect wait'
ADOPTING = 'adopting'
ADOPTFAIL = 'adopt failed'
RESCUING = 'rescuing'
RESCUEWAIT = 'rescue wait'
RESCUEFAIL = 'rescue failed'
UNRESCUING = 'unrescuing'
UNRESCUEFAIL = 'unrescue failed'
SERVICING = 'servicing'
SERVICEWAIT = 'service wait'
SERVICEFAIL = 'service failed'
SERVICEHOLD = 'service hold'

# Stable states: a node rests in them until a request moves it.
STABLE_STATES = (ENROLL, MANAGEABLE, AVAILABLE, ACTIVE, ERROR, RESCUE)


def on_exit(old_state, event):
    """Log a move (the real callbacks do more)."""


machine = fsm.FSM()

for state in STABLE_STATES:
    machine.add_state(state, stable=True, **{'on_exit': on_exit})

machine.add_transition(AVAILABLE, DEPLOYING, 'deploy')
machine.add_transition(DEPLOYING, DEPLOYFAIL, 'fail')
machine.add_transition(DEPLOYFAIL, DEPLOYING, 'rebuild')
machine.add_transition(DEPLOYFAIL, DEPLOYING, 'deploy')
machine.add_transition(DEPLOYING, DEPLOYWAIT, 'wait')
machine.add_transition(DEPLOYING, DEPLOYHOLD, 'hold')
machine.add_transition(DEPLOYWAIT, DEPLOYHOLD, 'hold')
machine.add_transition(DEPLOYWAIT, DEPLOYING, 'resume')
machine.add_transition(DEPLOYWAIT, DEPLOYFAIL, 'fail')
machine.add_transition(DEPLOYHOLD, DEPLOYWAIT, 'unhold')
machine.add_transition(DEPLOYHOLD, DEPLOYFAIL, 'abort')
machine.add_transition(DEPLOYWAIT, DEPLOYFAIL, 'abort')
machine.add_transition(DEPLOYING, ACTIVE, 'done')
machine.add_transition(ACTIVE, DEPLOYING, 'rebuild')
machine.add_transition(ACTIVE, DELETING, 'delete')
machine.add_transition(DEPLOYWAIT, DELETING, 'delete')
machine.add_transition(DEPLOYFAIL, DELETING, 'delete')
machine.add_transition(DELETING, ERROR, 'fail')
machine.add_transition(DELETING, CLEANING, 'clean')
machine.add_transition(CLEANING, AVAILABLE, 'done')
machine.add_transition(CLEANING, CLEANFAIL, 'fail')
machine.add_transition(CLEANWAIT, CLEANFAIL, 'fail')
machine.add_transition(CLEANWAIT, CLEANFAIL, 'abort')
machine.add_transition(CLEANING, CLEANWAIT, 'wait')
machine.add_transition(CLEANING, CLEANHOLD, 'hold')
machine.add_transition(CLEANWAIT, CLEANHOLD, 'hold')
machine.add_transition(CLEANWAIT, CLEANING, 'resume')
machine.add_transition(CLEANHOLD, CLEANFAIL, 'abort')
machine.add_transition(CLEANHOLD, CLEANWAIT, 'unhold')
machine.add_transition(CLEANFAIL, MANAGEABLE, 'manage')
machine.add_transition(MANAGEABLE, CLEANING, 'provide')
machine.add_transition(MANAGEABLE, CLEANING, 'clean')
machine.add_transition(CLEANING, MANAGEABLE, 'manage')
machine.add_transition(AVAILABLE, MANAGEABLE, 'manage')
machine.add_transition(ERROR, DEPLOYING, 'rebuild')
machine.add_transition(ERROR, DELETING, 'delete')
machine.add_transition(MANAGEABLE, INSPECTING, 'inspect')
machine.add_transition(INSPECTING, MANAGEABLE, 'done')
machine.add_transition(INSPECTING, INSPECTFAIL, 'fail')
machine.add_transition(INSPECTING, INSPECTWAIT, 'wait')
machine.add_transition(INSPECTWAIT, MANAGEABLE, 'done')
machine.add_transition(INSPECTWAIT, INSPECTFAIL, 'fail')
machine.add_transition(INSPECTWAIT, INSPECTFAIL, 'abort')
machine.add_transition(INSPECTWAIT, INSPECTING, 'resume')
machine.add_transition(INSPECTFAIL, MANAGEABLE, 'manage')
machine.add_transition(INSPECTFAIL, INSPECTING, 'inspect')
machine.add_transition(ACTIVE, RESCUING, 'rescue')
machine.add_transition(RESCUING, RESCUE, 'done')
machine.add_transition(RESCUING, RESCUEWAIT, 'wait')
machine.add_transition(RESCUEWAIT, RESCUING, 'resume')
machine.add_transition(RESCUE, RESCUING, 'rescue')
machine.add_transition(RESCUE, DELETING, 'delete')
machine.add_transition(RESCUEWAIT, RESCUEFAIL, 'fail')
machine.add_transition(RESCUING, RESCUEFAIL, 'fail')
machine.add_transition(RESCUEWAIT, RESCUEFAIL, 'abort')
machine.add_transition(RESCUEFAIL, RESCUING, 'rescue')
machine.add_transition(RESCUEFAIL, UNRESCUING, 'unrescue')
machine.add_transition(RESCUEFAIL, DELETING, 'delete')
machine.add_transition(RESCUEWAIT, DELETING, 'delete')
machine.add_transition(RESCUE, UNRESCUING, 'unrescue')
machine.add_transition(UNRESCUING, ACTIVE, 'done')
machine.add_transition(UNRESCUING, UNRESCUEFAIL, 'fail')
machine.add_transition(UNRESCUEFAIL, RESCUING, 'rescue')
machine.add_transition(UNRESCUEFAIL, UNRESCUING, 'unrescue')
machine.add_transition(UNRESCUEFAIL, DELETING, 'delete')
machine.add_transition(ENROLL, VERIFYING, 'manage')
machine.add_transition(VERIFYING, MANAGEABLE, 'done')
machine.add_transition(VERIFYING, ENROLL, 'fail')
machine.add_transition(MANAGEABLE, ADOPTING, 'adopt')
machine.add_transition(ADOPTING, ACTIVE, 'done')
machine.add_transition(ADOPTING, ADOPTFAIL, 'fail')
machine.add_transition(ADOPTFAIL, ADOPTING, 'adopt')
machine.add_transition(ADOPTFAIL, MANAGEABLE, 'manage')
machine.add_transition(SERVICING, ACTIVE, 'done')
machine.add_transition(ACTIVE, SERVICING, 'service')
machine.add_transition(SERVICING, SERVICEFAIL, 'fail')
machine.add_transition(SERVICING, SERVICEWAIT, 'wait')
machine.add_transition(SERVICING, SERVICEHOLD, 'hold')
machine.add_transition(SERVICEWAIT, SERVICEHOLD, 'hold')
machine.add_transition(SERVICEHOLD, SERVICING, 'service')
machine.add_transition(SERVICEHOLD, SERVICEWAIT, 'unhold')
machine.add_transition(SERVICEWAIT, SERVICING, 'resume')
machine.add_transition(SERVICEWAIT, SERVICEFAIL, 'fail')
machine.add_transition(SERVICEHOLD, SERVICEFAIL, 'fail')
machine.add_transition(SERVICEWAIT, SERVICEFAIL, 'abort')
machine.add_transition(SERVICEHOLD, SERVICEFAIL, 'abort')
machine.add_transition(SERVICEFAIL, SERVICING, 'service')
machine.add_transition(SERVICEFAIL, RESCUING, 'rescue')
machine.add_transition(SERVICEFAIL, SERVICEWAIT, 'wait')
machine.add_transition(SERVICEFAIL, SERVICEHOLD, 'hold')
machine.add_transition(SERVICEFAIL, DELETING, 'delete')
machine.add_transition(SERVICEFAIL, ACTIVE, 'abort')
machine.add_transition(SERVICEWAIT, DELETING, 'delete')
