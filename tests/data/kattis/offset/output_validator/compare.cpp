#include "compare.h"

bool same(long long got, long long wanted) { return got == wanted; }
