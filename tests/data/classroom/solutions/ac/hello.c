#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        if (isdigit((unsigned char)line[0])) {
            for (int i = 1; i <= atoi(line); i++) printf("%d\n", i);
        } else {
            printf("Hello, %s!\n", line);
        }
    }
    return 0;
}
