# Idle forever: nothing but the wall-clock limit ends it -> ILE.
import time

time.sleep(10**6)
