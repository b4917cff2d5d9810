"""Task states; ``None`` in a list means "no task running"."""

REBOOTING = 'rebooting'
REBOOTING_HARD = 'rebooting_hard'
PAUSING = 'pausing'

ALLOW_REBOOT = [None, REBOOTING, REBOOTING_HARD, PAUSING]
