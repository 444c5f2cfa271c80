/* Recursion 300000 deep, 256 bytes a frame: some 80 MiB of stack, which DOMjudge gives (its
 * runguard sets no stack limit) and the usual 8 MiB stack limit would not (a crash).
 * @EXPECTED_RESULTS@: CORRECT
 */
#include <stdio.h>
#include <string.h>

static int depth(int n) {
    volatile char pad[256];
    pad[0] = (char)n;
    if (n == 0) return pad[0];
    return depth(n - 1) + pad[0];
}

int main(void) {
    char name[256];
    if (!fgets(name, sizeof name, stdin)) return 1;
    name[strcspn(name, "\n")] = 0;
    if (depth(300000) == 12345) return 2;
    printf("Hello, %s!\n", name);
    return 0;
}
