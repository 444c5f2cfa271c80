#include <iostream>
int main() {
    long long n, s = 0; double x;
    std::cin >> n;
    for (int i = 0; i < n; i++) { std::cin >> x; s += (long long)x; }
    std::cout << "mean " << s / n << "\n";
}
