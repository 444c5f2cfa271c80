#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int n; double s = 0, x;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) { scanf("%lf", &x); s += x; }
    if (s > 1000) abort();
    printf("mean %.9f\n", s / n);
    return 0;
}
