namespace DigitalTwin.Api.Twins;

internal sealed record DeletedTwin(string Id, bool Deleted);
