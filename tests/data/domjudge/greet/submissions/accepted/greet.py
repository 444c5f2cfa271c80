# @EXPECTED_RESULTS@: CORRECT
print(f"Hello, {input().strip()}!")
