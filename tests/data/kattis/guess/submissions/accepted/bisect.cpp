#include <iostream>
#include <string>

int main() {
    int lo = 1, hi = 100;
    std::string reply;
    while (true) {
        int mid = (lo + hi) / 2;
        std::cout << mid << std::endl;  // endl flushes: the interactor is waiting
        if (!(std::cin >> reply) || reply == "correct") return 0;
        if (reply == "higher") lo = mid + 1; else hi = mid - 1;
    }
}
