#include <stdio.h>
int main(void) { printf("Sum %d\n", add(1, 2)); return 0 }
