#include <iostream>
#include "offset.h"

int main() {
    long long n;
    std::cin >> n;
    std::cout << n + OFFSET << "\n";
}
