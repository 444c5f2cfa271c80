"""The judge's exit codes (a contract, docs/DESIGN.md): CI pipelines branch on them."""

EXIT_OK = 0  # accepted (check), done (grade, validate, ...)
EXIT_REJECTED = 1  # not accepted: a student's failure (or --strict's)
EXIT_USAGE = 2  # bad input: a usage error, a broken file (one line naming it)
EXIT_INTERNAL = 3  # the judge failed (IE), not the student
