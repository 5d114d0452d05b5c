namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Names of the class-specific choices an episode draws besides its numbers (which protocol a brute force speaks,
/// which nmap template a scan follows, ...): the keys of a scenario rule's parameters and of the ground truth's JSON.
/// </summary>
internal static class AnomalyVariants
{
    /// <summary>port_scan: the nmap timing template, T0–T5; it sets the probe rate.</summary>
    public const string Timing = "timing";

    /// <summary>port_scan: one host's ports, a subnet host after host, or a sweep of a few ports across hosts.</summary>
    public const string Targets = "targets";

    /// <summary>brute_force: the login service; beacon: how the implant checks in.</summary>
    public const string Protocol = "protocol";

    /// <summary>connection_flood: whether the target answers the SYNs.</summary>
    public const string Answered = "answered";

    /// <summary>data_exfiltration: a bare address or a cloud-storage name.</summary>
    public const string Destination = "destination";

    /// <summary>data_exfiltration: one continuous stream or periodic uploads.</summary>
    public const string Pacing = "pacing";

    /// <summary>dns_tunnelling: the record type asked for, which sets the answers' size.</summary>
    public const string Record = "record";

    /// <summary>dns_tunnelling: long encoded chunks (40–60 characters in two labels) or short ones (20–30 in one).</summary>
    public const string Labels = "labels";
}
