public class Mean { public static void main(String[] a) { } }
