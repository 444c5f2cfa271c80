// Accepts the team's number when it is the input plus the offset given as the argument.
#include <cstdio>
#include <cstdlib>
#include <string>
#include "compare.h"

int main(int argc, char **argv) {
    if (argc < 5) return 1;
    long long n = 0, team = 0, offset = atoll(argv[4]);
    FILE *in = fopen(argv[1], "r");
    if (!in || fscanf(in, "%lld", &n) != 1) return 1;
    if (scanf("%lld", &team) != 1) return 43;
    if (same(team, n + offset)) return 42;
    // What went wrong, for people: feedback_dir/judgemessage.txt (submissions.yaml's message).
    FILE *message = fopen((std::string(argv[3]) + "judgemessage.txt").c_str(), "w");
    if (message) fprintf(message, "expected %lld, got %lld\n", n + offset, team);
    return 43;
}
