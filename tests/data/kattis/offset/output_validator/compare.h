bool same(long long got, long long wanted);
