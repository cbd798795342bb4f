package io.tokenatlas.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.tokenatlas.testkit.Tools;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lints and renders helm/token-atlas (helm-java, no helm binary) and checks the rendered objects. */
class HelmChartTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static TemplateCommand template() {
        return new Helm(Tools.root().resolve("helm/token-atlas")).template()
                .withName("atlas")
                .set("database.url", "jdbc:postgresql://db:5432/atlas")
                .set("database.password", "s3cret")
                .set("chains.1.rpcUrls[0]", "https://node.example/KEY")
                .set("chains.1.rpcUrls[1]", "https://fallback.example/KEY")
                .set("chains.1.confirmations", 12);
    }

    static Map<String, JsonNode> render(TemplateCommand command) throws IOException {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (String doc : command.call().split("(?m)^---\\s*$")) {
            JsonNode node = YAML.readTree(doc);
            if (node != null && node.hasNonNull("kind")) {
                byKind.put(node.get("kind").asText(), node);
            }
        }
        return byKind;
    }

    @Test
    void lintsCleanly() {
        var result = new Helm(Tools.root().resolve("helm/token-atlas")).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                String.join("\n", result.getMessages()));
    }

    @Test
    void rendersTheDeploymentWithProbesSecretsAndTheModelVolume() throws IOException {
        Map<String, JsonNode> objects = render(template());
        JsonNode deployment = objects.get("Deployment");
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/models", container.at("/volumeMounts/0/mountPath").asText());
        assertEquals("/cache", container.at("/volumeMounts/1/mountPath").asText());
        assertEquals("2Gi", deployment.at("/spec/template/spec/volumes/1/emptyDir/sizeLimit").asText());
        assertEquals("atlas-token-atlas-models",
                deployment.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText());
        assertTrue(container.at("/resources/limits/memory").isTextual());
        assertTrue(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
        assertEquals("RuntimeDefault", deployment.at("/spec/template/spec/securityContext/seccompProfile/type").asText());
        assertFalse(deployment.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true));
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asText());
        assertEquals("/tmp", container.at("/volumeMounts/2/mountPath").asText(), "a writable /tmp beside a read-only root");
        assertFalse(objects.containsKey("NetworkPolicy"), "no NetworkPolicy unless enabled");

        JsonNode secret = objects.get("Secret");
        assertEquals("https://node.example/KEY,https://fallback.example/KEY",
                secret.at("/stringData/ATLAS_CHAINS__1__RPC_URLS").asText(), "RPC URLs are secrets");
        assertEquals("s3cret", secret.at("/stringData/db-password").asText());
        JsonNode config = objects.get("ConfigMap");
        assertEquals("jdbc:postgresql://db:5432/atlas", config.at("/data/ATLAS_DB_URL").asText());
        assertEquals("12", config.at("/data/ATLAS_CHAINS__1__CONFIRMATIONS").asText());
        assertEquals("/cache/ipfs", config.at("/data/ATLAS_IPFS_CACHE_DIR").asText());
        assertEquals("1800000000", config.at("/data/ATLAS_IPFS_CACHE_MAX_BYTES").asText());
        assertFalse(config.toString().contains("node.example"), "no RPC URL in the ConfigMap");

        assertEquals(1, objects.get("PodDisruptionBudget").at("/spec/minAvailable").asInt());
        assertEquals(8080, objects.get("Service").at("/spec/ports/0/port").asInt());
        assertTrue(objects.containsKey("PersistentVolumeClaim"));
        assertFalse(objects.containsKey("HorizontalPodAutoscaler"), "no HPA unless enabled");
    }

    @Test
    void anExistingSecretReplacesTheChartsSecretAndAnEgressPolicyKeepsToPublicAddresses() throws IOException {
        Map<String, JsonNode> objects = render(template().set("existingSecret", "my-atlas-secrets")
                .set("networkPolicy.enabled", true).set("networkPolicy.databaseCidr", "10.1.2.0/24"));
        assertFalse(objects.containsKey("Secret"), "the chart makes no Secret of its own");
        JsonNode container = objects.get("Deployment").at("/spec/template/spec/containers/0");
        assertEquals("my-atlas-secrets", container.at("/envFrom/1/secretRef/name").asText());
        assertEquals("my-atlas-secrets", container.at("/env/0/valueFrom/secretKeyRef/name").asText());
        JsonNode egress = objects.get("NetworkPolicy").at("/spec/egress");
        assertEquals("10.1.2.0/24", egress.at("/1/to/0/ipBlock/cidr").asText());
        assertTrue(egress.at("/2/to/0/ipBlock/except").toString().contains("169.254.0.0/16"), "no metadata service");
        assertEquals(443, egress.at("/2/ports/1/port").asInt());
    }

    @Test
    void autoscalingReplacesTheFixedReplicaCount() throws IOException {
        Map<String, JsonNode> objects = render(template().set("autoscaling.enabled", true)
                .set("modelCache.persistence", false));
        assertEquals(6, objects.get("HorizontalPodAutoscaler").at("/spec/maxReplicas").asInt());
        assertTrue(objects.get("Deployment").at("/spec/replicas").isMissingNode());
        assertTrue(objects.get("Deployment").at("/spec/template/spec/volumes/0/emptyDir").isObject());
        assertFalse(objects.containsKey("PersistentVolumeClaim"));
    }

    @Test
    void theSchemaRefusesAMissingDatabaseOrChain() {
        var noChain = new Helm(Tools.root().resolve("helm/token-atlas")).template().withName("atlas")
                .set("chains", "null");
        Exception e = assertThrows(Exception.class, noChain::call);
        assertTrue(e.getMessage().contains("chains"), e.getMessage());
        var badUrl = template().set("database.url", "postgres://db/atlas");
        Exception url = assertThrows(Exception.class, badUrl::call);
        assertTrue(url.getMessage().contains("database.url") || url.getMessage().contains("url"), url.getMessage());
    }
}
