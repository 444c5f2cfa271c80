/* Wrong for n over 100000: small and mid pass, top does not.
 * small 40 + avg(mid 40, top 0) = 40 + 20
 * @EXPECTED_RESULTS@: WRONG-ANSWER
 * @EXPECTED_SCORE@: 60
 */
#include <stdio.h>

int main(void) {
    long long n;
    scanf("%lld", &n);
    if (n > 100000) n = n % 100000;
    printf("%lld\n", n * n);
    return 0;
}
