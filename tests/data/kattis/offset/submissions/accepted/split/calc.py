from offset import OFFSET


def shifted(n):
    return n + OFFSET
