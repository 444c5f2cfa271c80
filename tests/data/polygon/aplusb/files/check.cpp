// A checker that follows testlib's protocol without testlib.h:
//   check <input> <output> <answer>; exit 0 OK, 1 WA, 2 PE (presentation error), 3 fail;
//   the verdict line goes to stderr.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char **argv) {
    if (argc < 4) { std::cerr << "fail usage: check input output answer\n"; return 3; }
    std::ifstream input(argv[1]), output(argv[2]), answer(argv[3]);
    long long a, b, expected;
    if (!(input >> a >> b) || !(answer >> expected)) { std::cerr << "fail bad test\n"; return 3; }
    std::string text((std::istreambuf_iterator<char>(output)), std::istreambuf_iterator<char>());
    std::istringstream tokens(text);
    long long got;
    if (!(tokens >> got)) { std::cerr << "wrong output format: expected a number\n"; return 2; }
    std::string extra;
    if (tokens >> extra) { std::cerr << "wrong output format: extra output\n"; return 2; }
    if (text.find('\n') != text.size() - 1 && text.find('\n') != std::string::npos) {
        std::cerr << "wrong output format: the sum must be on one line\n"; return 2;
    }
    if (got != expected) { std::cerr << "wrong answer expected " << expected << ", found " << got << "\n"; return 1; }
    std::cerr << "ok " << got << "\n";
    return 0;
}
