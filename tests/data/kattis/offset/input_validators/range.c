/* 1 <= n <= max_n: exit 42 when the input is valid. */
#include <stdio.h>

int main(void) {
    long long n;
    char extra;
    if (scanf("%lld", &n) != 1) return 43;
    if (scanf(" %c", &extra) == 1) return 43;
    return (1 <= n && n <= {{max_n}}) ? 42 : 43;
}
