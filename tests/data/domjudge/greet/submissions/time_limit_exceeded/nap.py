# Sleeping is a time limit in DOMjudge (its wall clock), ILE here: both are expected.
# @EXPECTED_RESULTS@: TIMELIMIT
import time

time.sleep(60)
