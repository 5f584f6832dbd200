import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lays out the CRD that fabric8's crd-generator wrote (run by the build after it, as a single-file program): the
 * printer columns in the order OtlpExporter declares them (the generator sorts them by JSON path, which put AGE
 * first), and every bound as a plain number ({@code maximum: 100}, not {@code 100.0} or {@code 2.147483647E9}, which
 * a YAML 1.1 parser reads as a string).
 */
public final class CrdLayout {

    private static final Pattern BOUND = Pattern.compile("(?m)^(\\s*(?:maximum|minimum): )\"?([-+0-9.eE]+)\"?$");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String generated = Files.readString(file);
        String header = generated.lines().takeWhile(line -> line.startsWith("#")).map(line -> line + "\n").collect(Collectors.joining());
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        List<String> declared = Arrays.stream(OtlpExporter.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt((CustomResourceColumnDefinition column) -> declared.indexOf(column.getName())));
        }
        Matcher bound = BOUND.matcher(Serialization.asYaml(crd).replaceFirst("^---\n", header));
        StringBuilder yaml = new StringBuilder();
        while (bound.find()) {
            bound.appendReplacement(yaml, Matcher.quoteReplacement(
                    bound.group(1) + new BigDecimal(bound.group(2)).stripTrailingZeros().toPlainString()));
        }
        bound.appendTail(yaml);
        Files.writeString(file, yaml.toString());
    }
}
