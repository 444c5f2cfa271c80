# Ignores every catchable signal a polite supervisor might send, then spins.
import signal

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGXCPU,
            signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM):
    signal.signal(sig, signal.SIG_IGN)
while True:
    pass
