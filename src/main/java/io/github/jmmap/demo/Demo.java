package io.github.jmmap.demo;

/** Placeholder, replaced below. */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        System.out.println("demo");
    }
}
