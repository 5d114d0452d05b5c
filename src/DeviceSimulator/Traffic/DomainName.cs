using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A name the simulated device resolves or asks a TLS server for: its text (written into DNS questions and server
/// name indications when packets go to a capture file) and what the features need of it, computed once.
/// </summary>
public sealed class DomainName
{
    public DomainName(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;
        Features = DnsName.Of(text);
    }

    public string Text { get; }

    public DnsName Features { get; }

    public override string ToString() => Text;
}
