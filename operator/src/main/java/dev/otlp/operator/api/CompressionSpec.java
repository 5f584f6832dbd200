package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * Compression of batches sent upstream. Each field defaults to the profile's value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.level) || !has(self.algorithm) || self.algorithm != 'gzip' || self.level <= 9", fieldPath = ".level",
        message = "gzip levels are 1-9", messageExpression = "'gzip levels are 1-9, got ' + string(self.level)")
@SchemaCustomizer(value = IntOrStringLength.class, input = "minSize")
public class CompressionSpec {

    @JsonPropertyDescription("zstd, gzip or none. Default zstd.")
    private CompressionAlgorithm algorithm;

    @JsonPropertyDescription("Compression level: 1-22 for zstd, 1-9 for gzip; higher is smaller and slower. Profile default: low-latency 1, balanced 3, high-throughput 6.")
    @Min(1)
    @Max(22)
    private Integer level;

    @JsonPropertyDescription("Batches smaller than this are sent uncompressed: bytes, or a size with a binary unit such as 2Ki. Profile default: low-latency 2Ki, balanced 1Ki, high-throughput 512.")
    @ValidationRule(value = ApiPatterns.SIZE_RULE, message = ApiPatterns.SIZE_MESSAGE,
            messageExpression = ApiPatterns.SIZE_MESSAGE_EXPRESSION)
    private IntOrString minSize;

    public CompressionAlgorithm getAlgorithm() {
        return algorithm;
    }

    public void setAlgorithm(CompressionAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    public Integer getLevel() {
        return level;
    }

    public void setLevel(Integer level) {
        this.level = level;
    }

    public IntOrString getMinSize() {
        return minSize;
    }

    public void setMinSize(IntOrString minSize) {
        this.minSize = minSize;
    }
}
