/* @EXPECTED_RESULTS@: CORRECT
 * @EXPECTED_SCORE@: 100
 */
#include <stdio.h>

int main(void) {
    unsigned long long n;
    scanf("%llu", &n);
    printf("%llu\n", n * n);
    return 0;
}
