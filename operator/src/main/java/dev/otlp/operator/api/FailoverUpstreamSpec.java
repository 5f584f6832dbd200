package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One secondary upstream of {@code spec.upstream.failover}: shaped like {@code spec.upstream}, with its own
 * endpoint, credentials and TLS; retries and the export size limit are {@code spec.upstream}'s.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.tls) || (has(self.endpoint) && self.endpoint.startsWith('https://'))", fieldPath = ".tls",
        message = "tls needs an https:// endpoint", messageExpression = "'needs an https:// endpoint in this failover entry'")
public class FailoverUpstreamSpec extends UpstreamConnectionSpec {
}
