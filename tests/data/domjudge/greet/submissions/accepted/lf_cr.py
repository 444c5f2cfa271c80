# The folder decides between the results listed (as DOMjudge's import does): CORRECT.
# @EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER
print(f"Hello, {input().strip()}!")
