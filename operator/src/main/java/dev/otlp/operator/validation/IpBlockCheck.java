package dev.otlp.operator.validation;

import dev.otlp.operator.api.NetworkPolicyIpBlock;
import dev.otlp.operator.model.SpecProblem;

import java.util.List;
import java.util.Optional;

/**
 * An ipBlock of {@code spec.networkPolicy.allowedSources} as the API server checks a NetworkPolicy's:
 * {@code cidr} a CIDR, each of {@code except} a CIDR strictly inside it. The CRD's pattern only
 * admits the form; here the address is read. Not a CEL rule: only Kubernetes' own CEL library ({@code cidr()},
 * Kubernetes 1.31) reads addresses, and neither older API servers nor CEL-Java have it.
 */
final class IpBlockCheck {

    private static final String FORM = "must be a CIDR such as 10.20.0.0/16 or 2001:db8::/64";

    private IpBlockCheck() {
    }

    static void check(NetworkPolicyIpBlock block, String field, List<SpecProblem> problems) {
        if (block.getCidr() == null) {
            problems.add(new SpecProblem(field + ".cidr", "is required"));
            return;
        }
        Optional<Cidr> cidr = network(block.getCidr(), field + ".cidr", problems);
        List<String> except = Optional.ofNullable(block.getExcept()).orElse(List.of());
        if (except.size() > NetworkPolicyIpBlock.MAX_EXCEPT) {
            problems.add(new SpecProblem(field + ".except", "must have at most " + NetworkPolicyIpBlock.MAX_EXCEPT
                    + " entries, got " + except.size()));
        }
        for (int i = 0; i < except.size(); i++) {
            String name = field + ".except[" + i + "]";
            Optional<Cidr> excluded = network(except.get(i), name, problems);
            if (cidr.isPresent() && excluded.isPresent() && !cidr.get().strictlyContains(excluded.get())) {
                problems.add(new SpecProblem(name, "must be a range inside " + field + ".cidr (" + cidr.get()
                        + ") and smaller, got \"" + except.get(i) + "\""));
            }
        }
    }

    /** The CIDR {@code text} names when it is one written with its range's first address; a problem otherwise. */
    private static Optional<Cidr> network(String text, String field, List<SpecProblem> problems) {
        Optional<Cidr> cidr = Cidr.parse(text);
        if (cidr.isEmpty()) {
            problems.add(new SpecProblem(field, FORM + ", got \"" + text + "\""));
            return Optional.empty();
        }
        Cidr canonical = cidr.get().canonical();
        if (!canonical.equals(cidr.get())) {
            problems.add(new SpecProblem(field, "must start at its range's first address: " + canonical + ", got \""
                    + text + "\""));
            return Optional.empty();
        }
        return cidr;
    }
}
