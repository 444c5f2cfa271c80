# @EXPECTED_RESULTS@: WRONG-ANSWER
print(f"HELLO, {input().strip().upper()}!!")
