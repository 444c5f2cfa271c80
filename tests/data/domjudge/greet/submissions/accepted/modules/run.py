# The entry point is named in submissions.json: by name alone app.py would come first.
# @EXPECTED_RESULTS@: CORRECT
from app import greeting

print(greeting(input().strip()))
