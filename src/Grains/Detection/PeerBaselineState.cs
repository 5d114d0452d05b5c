namespace DigitalTwin.Grains.Detection;

/// <summary>What a peer baseline grain persists: every silo's latest share, so a restarted cluster starts with its peers known.</summary>
[GenerateSerializer, Alias("dtn.PeerBaselineState")]
internal sealed class PeerBaselineState
{
    [Id(0)] public Dictionary<string, PeerShare> Shares { get; set; } = new(StringComparer.Ordinal);
}
