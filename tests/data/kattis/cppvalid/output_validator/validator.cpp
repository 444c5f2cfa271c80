// The team prints any divisor d of n with 1 < d <= n.
#include <fstream>
#include <iostream>
#include "validate.h"

int main(int argc, char **argv) {
    if (argc < 4) return 1;
    std::ifstream in(argv[1]);
    long long n = 0, d = 0;
    in >> n;
    std::string dir = argv[3];
    if (!(std::cin >> d)) reject(dir, "no number in the output");
    std::string extra;
    if (std::cin >> extra) reject(dir, "trailing output");
    if (d <= 1 || d > n || n % d != 0) reject(dir, "not a divisor greater than 1");
    accept();
}
