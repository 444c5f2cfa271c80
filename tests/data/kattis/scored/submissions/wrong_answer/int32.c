#include <stdio.h>
int main(void) {
    int a, b;  /* overflows on the big tests of group2 */
    if (scanf("%d %d", &a, &b) != 2) return 1;
    printf("Sum %d\n", a + b);
    return 0;
}
