namespace DigitalTwin.Silo.Observability;

/// <summary>The body of a probe's answer: <c>live</c>, <c>ready</c> or <c>not_ready</c>, and why not.</summary>
internal sealed record ProbeStatus(string Status, IReadOnlyList<string> Reasons);
