namespace DigitalTwin.Behaviour.Traffic;

/// <summary>One DNS query, described by its name's identity, length and character entropy (see <see cref="DnsName"/>).</summary>
public readonly record struct DnsQuery(DnsName Name, bool NxDomain);
