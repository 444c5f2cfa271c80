// Two C++ sources and a header, compiled together.
// @EXPECTED_RESULTS@: CORRECT
#include <iostream>
#include <string>
#include "greeting.h"

int main() {
    std::string name;
    std::getline(std::cin, name);
    std::cout << greeting(name) << "\n";
}
