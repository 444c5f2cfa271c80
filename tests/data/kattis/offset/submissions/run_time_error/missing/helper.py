def shift(n):
    return n + {{offset}}
