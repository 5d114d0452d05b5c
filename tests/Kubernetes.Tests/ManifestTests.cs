using YamlDotNet.RepresentationModel;

namespace DigitalTwin.Kubernetes.Tests;

/// <summary>
/// The k8s/ overlays, rendered with <c>kubectl kustomize</c>: valid against the Kubernetes API types offline, and
/// wired the way the silo needs (probes on its health endpoints, the labels Orleans watches, the RBAC it uses,
/// Services and budgets that select the silo pods, production mode where it says production).
/// </summary>
public sealed class ManifestTests(KubernetesManifests manifests) : IClassFixture<KubernetesManifests>
{
    public static TheoryData<string> Overlays => [.. KubernetesManifests.Overlays];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryOverlayIsValidAgainstTheKubernetesTypes(string overlay)
    {
        var (exit, output) = await manifests.ValidateAsync([overlay]);

        Assert.True(exit == 0, output);
        Assert.Contains("all valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheValidatorNamesUnknownFieldsWrongTypesAndMissingRequiredFields()
    {
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              replicaz: 2
              replicas: "3"
              template:
                spec:
                  containers:
                    - name: silo
                      image: silo
                      livenessProbe:
                        httpGet:
                          pathh: /health/live
                          port: http
            ---
            apiVersion: v1
            kind: Servise
            metadata:
              name: misspelt
            """;

        var (exit, output) = await manifests.ValidateAsync([], broken);

        Assert.Equal(1, exit);
        Assert.Contains(".spec.replicaz: unknown field", output, StringComparison.Ordinal);
        Assert.Contains("/spec/replicas must be integer", output, StringComparison.Ordinal);
        Assert.Contains("/spec must have required property selector", output, StringComparison.Ordinal);
        Assert.Contains(".spec.template.spec.containers[0].livenessProbe.httpGet.pathh: unknown field", output, StringComparison.Ordinal);
        Assert.Contains("v1 has no kind Servise", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomResourcesWithoutASchemaAreListedAsNotChecked()
    {
        var (exit, output) = await manifests.ValidateAsync(["production-cloudnative-pg"]);

        Assert.True(exit == 0, output);
        Assert.Contains("Cluster/dtn-postgres: not checked (postgresql.cnpg.io/v1 is a custom resource without a schema here)", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task SiloPodsProbeTheHealthEndpointsAndCarryWhatOrleansKubernetesHostingReads(string overlay)
    {
        var resources = await manifests.RenderAsync(overlay);
        var silo = resources.Resource("Deployment", "dtn-silo");
        var pod = silo.At("spec", "template")!;
        var container = Container(silo, "silo");

        Assert.Equal("/health/ready", container.Text("startupProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));

        // Orleans watches the pods labelled with its cluster and service ids: the ids it runs with must be those labels.
        var labels = pod.Strings("metadata", "labels");
        Assert.True(labels.ContainsKey("orleans/clusterId") && labels.ContainsKey("orleans/serviceId"), string.Join(", ", labels.Keys));
        Assert.Equal("metadata.labels['orleans/clusterId']", Env(container, "ORLEANS_CLUSTER_ID").Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.labels['orleans/serviceId']", Env(container, "ORLEANS_SERVICE_ID").Text("valueFrom", "fieldRef", "fieldPath"));
        foreach (var (variable, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP") })
        {
            Assert.Equal(field, Env(container, variable).Text("valueFrom", "fieldRef", "fieldPath"));
        }

        Assert.Equal("true", Settings(resources)["Orleans__KubernetesHosting"]);
        var account = pod.Text("spec", "serviceAccountName");
        var binding = resources.OfKind("RoleBinding").Single(b => b.Items("subjects").Any(s => s.Text("name") == account));
        var role = resources.Resource("Role", binding.Text("roleRef", "name")!);
        var podRule = role.Items("rules").Single(r => r.Items("resources").Any(x => ((YamlScalarNode)x).Value == "pods"));
        Assert.Superset(new HashSet<string> { "get", "list", "watch" }, podRule.Items("verbs").Select(v => ((YamlScalarNode)v).Value!).ToHashSet());

        // The schema is migrated before the silo starts, by the same image.
        var migrate = Assert.Single(pod.Items("spec", "initContainers"));
        Assert.Equal(container.Text("image"), migrate.Text("image"));
        Assert.Equal("migrate", Assert.Single(migrate.Items("args")).ToString());
        Assert.Equal("false", Settings(resources)["Postgres__MigrateOnStart"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task ServicesBudgetsAndPoliciesSelectTheSiloPodsAndItsPorts(string overlay)
    {
        var resources = await manifests.RenderAsync(overlay);
        var silo = resources.Resource("Deployment", "dtn-silo");
        var podLabels = silo.At("spec", "template")!.Strings("metadata", "labels");
        var portNames = Container(silo, "silo").Items("ports").Select(p => p.Text("name")).ToHashSet();

        foreach (var service in new[] { "dtn-http", "dtn-mqtt" }.Select(name => resources.Resource("Service", name)))
        {
            AssertSelects(podLabels, service.Strings("spec", "selector"), service.Text("metadata", "name")!);
            foreach (var port in service.Items("spec", "ports"))
            {
                Assert.Contains(port.Text("targetPort"), portNames);
            }
        }

        AssertSelects(podLabels, resources.Resource("PodDisruptionBudget", "dtn-silo").Strings("spec", "selector", "matchLabels"), "the PodDisruptionBudget");
        AssertSelects(podLabels, resources.Resource("NetworkPolicy", "dtn-silo").Strings("spec", "podSelector", "matchLabels"), "the NetworkPolicy");

        // Devices reach the broker through a load balancer in production; in dev, where it takes anonymous devices, it stays inside.
        Assert.Equal(overlay == "dev" ? "ClusterIP" : "LoadBalancer", resources.Resource("Service", "dtn-mqtt").Text("spec", "type"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task AGracefulStopFitsInTheTerminationGracePeriod(string overlay)
    {
        var resources = await manifests.RenderAsync(overlay);
        var silo = resources.Resource("Deployment", "dtn-silo");
        var preStop = Container(silo, "silo").Items("lifecycle", "preStop", "exec", "command").Select(c => ((YamlScalarNode)c).Value).ToList();

        Assert.Equal("sleep", preStop[0]);
        var stop = int.Parse(preStop[1]!) + int.Parse(Settings(resources)["DOTNET_shutdownTimeoutSeconds"]);
        Assert.True(stop < int.Parse(silo.Text("spec", "template", "spec", "terminationGracePeriodSeconds")!), $"preStop + shutdown timeout = {stop} s");
    }

    [Fact]
    public async Task TheCloudNativePgComponentMountsTheCaCertificateButNotItsKey()
    {
        var resources = await manifests.RenderAsync("production-cloudnative-pg");
        var volume = resources.Resource("Deployment", "dtn-silo").Items("spec", "template", "spec", "volumes").Single(v => v.Text("secret", "secretName") == "dtn-postgres-ca");

        Assert.Equal("ca.crt", Assert.Single(volume.Items("secret", "items")).Text("key"));
    }

    [Fact]
    public async Task ProductionRunsInProductionModeWithMqttOverTlsOnlyAndThreeOrMoreSilos()
    {
        var resources = await manifests.RenderAsync("production");
        var settings = Settings(resources);
        var silo = resources.Resource("Deployment", "dtn-silo");

        Assert.Equal("production", settings["Security__Mode"]);
        Assert.Equal("false", settings["Mqtt__PlainEnabled"]);
        Assert.Equal("true", settings["Mqtt__Tls__Enabled"]);
        Assert.Equal("true", settings["Mqtt__Auth__Enabled"]);
        // The autoscaler owns the count: a replicas field would reset a scaled-out cluster at every apply.
        Assert.Null(silo.At("spec", "replicas"));
        Assert.True(int.Parse(resources.Resource("HorizontalPodAutoscaler", "dtn-silo").Text("spec", "minReplicas")!) >= 3);

        // The certificate files the broker reads are where the TLS Secret is mounted.
        var mount = Container(silo, "silo").Items("volumeMounts").Single(m => m.Text("name") == "mqtt-tls").Text("mountPath")!;
        Assert.StartsWith(mount + "/", settings["Mqtt__Tls__CertificatePath"], StringComparison.Ordinal);
        Assert.StartsWith(mount + "/", settings["Mqtt__Tls__KeyPath"], StringComparison.Ordinal);
        Assert.Contains(silo.Items("spec", "template", "spec", "volumes"), v => v.Text("secret", "secretName") == "dtn-mqtt-tls");
        Assert.Contains(Container(silo, "silo").Items("envFrom"), e => e.Text("secretRef", "name") == "dtn-api");
    }

    private static YamlNode Container(YamlNode deployment, string name) =>
        deployment.Items("spec", "template", "spec", "containers").Single(c => c.Text("name") == name);

    private static YamlNode Env(YamlNode container, string name) =>
        container.Items("env").Single(e => e.Text("name") == name);

    private static IReadOnlyDictionary<string, string> Settings(IEnumerable<YamlMappingNode> resources) =>
        resources.Resource("ConfigMap", "dtn-silo").Strings("data");

    private static void AssertSelects(IReadOnlyDictionary<string, string> podLabels, IReadOnlyDictionary<string, string> selector, string what)
    {
        Assert.True(selector.Count > 0, $"{what} selects every pod");
        Assert.All(selector, pair => Assert.True(podLabels.TryGetValue(pair.Key, out var value) && value == pair.Value, $"{what} selects {pair.Key}={pair.Value}, which the silo pods do not carry"));
    }
}
