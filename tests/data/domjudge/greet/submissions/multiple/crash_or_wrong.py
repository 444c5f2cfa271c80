# Either is fine: the folder names no result, the annotation lists two.
# @EXPECTED_RESULTS@: RUN-ERROR, WRONG-ANSWER
name = input().strip()
raise SystemExit(f"no greeting for {name}")
