#include <iostream>
int main() { std::cout << "unterminated; }
