namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>What a benign host of the lab does, the whole capture long (an attacker does <see cref="Mixed"/> beside its attack).</summary>
internal enum HostBehaviour
{
    /// <summary>Browses the web site: a page and a few of its resources, with reading pauses.</summary>
    Web,

    /// <summary>Fetches over HTTPS now and then.</summary>
    Tls,

    /// <summary>Resolves a handful of names, now and then a stale one (NXDOMAIN).</summary>
    Dns,

    /// <summary>Resolves a name, then fetches from it over HTTP or HTTPS.</summary>
    Mixed,
}
