// generator (not used by the importer: the package carries the generated tests)
#include <cstdio>
#include <cstdlib>
int main(int argc, char **argv) { long long x = atoll(argv[1]); printf("%lld %lld\n", x, x); }
