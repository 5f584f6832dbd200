package dev.otlp.runtime;

public final class Main {
    public static void main(String[] args) {
    }
}
