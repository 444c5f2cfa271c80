# Busy forever: the tree's CPU time passes the limit -> TLE.
while True:
    pass
