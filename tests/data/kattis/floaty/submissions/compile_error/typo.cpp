#include <iostream>
int main() {
    std::cout << "mean " << 1.5 << std::endl
}
