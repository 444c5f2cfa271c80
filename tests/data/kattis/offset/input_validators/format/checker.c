/* One line holding digits only. */
#include <stdio.h>

int main(void) {
    int c, digits = 0;
    while ((c = getchar()) != EOF && c != '\n') {
        if (c < '0' || c > '9') return 43;
        digits++;
    }
    if (c != '\n' || digits == 0 || getchar() != EOF) return 43;
    return 42;
}
