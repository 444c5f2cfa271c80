"""Pass 1: the input is n, the team prints n + 1; pass 2 gets "again m" (m: the team's first
answer) and the team prints 2m."""
import sys
from pathlib import Path

feedback = Path(sys.argv[3])
given = int(Path(sys.argv[1]).read_text())
team = int(sys.stdin.read().split()[0])
state = feedback / "first-answer"
if not state.exists():
    if team != given + 1:
        sys.exit(43)
    state.write_text(str(team))
    (feedback / "nextpass.in").write_text(f"again {team}\n")
    sys.exit(42)
sys.exit(42 if team == 2 * int(state.read_text()) else 43)
