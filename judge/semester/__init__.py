"""A teacher's semester: deadlines, late work, submission times, the roster."""
