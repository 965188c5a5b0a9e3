package dev.modelgate.emulator;

public final class Main {
    public static void main(String[] args) {
        System.out.println("skeleton");
    }
}
