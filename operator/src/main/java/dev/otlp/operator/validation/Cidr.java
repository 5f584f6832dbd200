package dev.otlp.operator.validation;

import dev.otlp.operator.api.ApiPatterns;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A CIDR as a NetworkPolicy's ipBlock holds it: an address and a prefix length, the address being the
 * range's first (no bits set past the prefix), as {@code 10.20.0.0/16} or {@code 2001:db8::/64}.
 */
record Cidr(InetAddress network, int prefix) {

    /** The CIDR {@code text} names, empty when it is not one; never a DNS lookup. */
    static Optional<Cidr> parse(String text) {
        if (text == null || !text.matches(ApiPatterns.CIDR)) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String address = text.substring(0, slash);
        try {
            // The pattern admits only digits, hex digits, '.' and ':', so this parses a literal and asks no DNS server.
            InetAddress network = InetAddress.getByName(address);
            if (address.contains(":") != network instanceof Inet6Address) {
                return Optional.empty(); // an IPv4-mapped IPv6 address: write it as IPv4
            }
            return Optional.of(new Cidr(network, Integer.parseInt(text.substring(slash + 1))));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The same range written with its first address: {@code 10.20.0.0/16} for {@code 10.20.1.2/16}. */
    Cidr canonical() {
        byte[] bytes = network.getAddress();
        BigInteger mask = BigInteger.ONE.shiftLeft(bits()).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits() - prefix).subtract(BigInteger.ONE));
        byte[] masked = new BigInteger(1, bytes).and(mask).toByteArray();
        byte[] first = new byte[bytes.length];
        int copy = Math.min(masked.length, first.length);
        System.arraycopy(masked, masked.length - copy, first, first.length - copy, copy);
        try {
            return new Cidr(InetAddress.getByAddress(first), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + first.length + " bytes", e);
        }
    }

    /** Whether every address of {@code other} is in this range too, and this range has more. */
    boolean strictlyContains(Cidr other) {
        return bits() == other.bits() && other.prefix > prefix && canonical().equals(new Cidr(other.network, prefix).canonical());
    }

    private int bits() {
        return network.getAddress().length * 8;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
