#include <iostream>
int main() { int n; std::cin >> n; int a = n / 2 - (n % 2 == 0 && n > 2); std::cout << a << " " << n - a << "\n"; }
