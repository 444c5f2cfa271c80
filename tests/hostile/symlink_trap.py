# Leaves traps for the clean-up of its work dir: symlinks to the problem folder and to a canary
# folder (the test substitutes both), a directory it cannot be entered, then answers correctly.
import os

for i, target in enumerate(("@@PROBLEM_DIR@@", "@@CANARY_DIR@@")):
    if not target.startswith("@@"):
        os.symlink(target, f"link{i}")
        os.symlink(os.path.join(target, "tests") if i == 0 else target, f"deep{i}")
os.makedirs("locked/inner", exist_ok=True)
with open("locked/inner/file", "w") as fh:
    fh.write("x")
os.chmod("locked/inner", 0)
os.chmod("locked", 0)
a, b = map(int, input().split())
print(f"{a + b}-SECRET-ANSWER")
