# Two seconds asleep under a one-second limit: DOMjudge judges the wall clock against the time
# limit itself (TLE there), and so does an imported DOMjudge package here (ILE, which TLE covers).
# @EXPECTED_RESULTS@: TIMELIMIT
import time

time.sleep(2)
