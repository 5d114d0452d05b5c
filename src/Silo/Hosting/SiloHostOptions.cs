namespace DigitalTwin.Silo.Hosting;

/// <summary>The Orleans silo's identity and ports. Bound from the <c>Orleans</c> section.</summary>
public sealed class SiloHostOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "dtn-dev";

    /// <summary>Stays the same across deployments of this service; keys its stored state.</summary>
    public string ServiceId { get; set; } = "digital-twin-network";

    /// <summary>
    /// The IP address other silos and clients reach this silo at, with PostgreSQL clustering (e.g. the
    /// pod IP). Empty lets Orleans pick one of the machine's addresses.
    /// </summary>
    public string AdvertisedIPAddress { get; set; } = "";

    /// <summary>
    /// Inside a Kubernetes pod: take the silo's name, address, cluster and service id from the pod (the downward
    /// API's <c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>, <c>ORLEANS_CLUSTER_ID</c>, <c>ORLEANS_SERVICE_ID</c>)
    /// and have Orleans watch the silo pods, so a deleted pod's silo is declared dead at once. Needs PostgreSQL
    /// clustering and a service account that may read pods (k8s/base). Off everywhere else, tests included.
    /// </summary>
    public bool KubernetesHosting { get; set; }
}
