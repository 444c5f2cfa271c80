# A person decides: no verdict to expect, skipped with a note.
# @EXPECTED_RESULTS@: CHECK-MANUALLY
print("Hello?")
