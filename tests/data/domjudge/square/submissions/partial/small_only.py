# small 40 + avg(0, 0)
# @EXPECTED_RESULTS@: WRONG-ANSWER
# @EXPECTED_SCORE@: 40
n = int(input())
print(n * n if n < 100 else 0)
