namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Who may connect to the embedded broker and what each may do. Bound from <c>Mqtt:Auth</c>. Off by default (the
/// development quick start): any client connects and the ingress rules alone apply. On: a device connects with MQTT
/// username = its id and password = a secret issued by <c>POST /api/v1/twins/{id}/credentials</c>; tools connect with
/// a platform or probe account configured here; a topic ACL holds each to its own topics.
/// </summary>
public sealed class BrokerAuthOptions
{
    public const string SectionName = "Mqtt:Auth";

    public bool Enabled { get; set; }

    /// <summary>Platform and probe accounts, each with the hash of its secret (never the secret itself).</summary>
    public List<BrokerAccountOptions> Accounts { get; set; } = [];

    /// <summary>
    /// Successful device verifications this silo remembers (about 200 bytes each), so a reconnecting device costs no
    /// slow hash. A remembered verification counts only while its credential is still active.
    /// </summary>
    public int VerificationCacheSize { get; set; } = 100_000;

    /// <summary>How long a device id is refused after its first failed attempt; doubled with each further failure.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off.</summary>
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Failed attempts from one remote address before that address is backed off too (a gateway or NAT may carry many
    /// devices, so one failing device does not lock out its neighbours at once).
    /// </summary>
    public int AddressFailureThreshold { get; set; } = 10;

    /// <summary>
    /// How often each silo checks that the credentials its open device connections authenticated with are still active,
    /// closing those that are not. A revocation closes the connections on the silo that handled it at once; this bounds
    /// how long a connection on another silo of the cluster stays open with a revoked credential.
    /// </summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
