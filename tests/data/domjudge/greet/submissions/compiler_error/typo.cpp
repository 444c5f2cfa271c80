// @EXPECTED_RESULTS@: COMPILER-ERROR
int main() { retrun 0; }
