using DigitalTwin.Detection.Baselines;

namespace DigitalTwin.Grains.Detection;

/// <summary>One silo's share of a peer baseline and when it last sent it.</summary>
[GenerateSerializer, Alias("dtn.PeerShare")]
internal sealed class PeerShare
{
    [Id(0)] public BaselineState Baseline { get; set; } = new();

    [Id(1)] public DateTimeOffset ReceivedAt { get; set; }
}
