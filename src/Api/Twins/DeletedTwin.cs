namespace DigitalTwin.Api.Twins;

public sealed record DeletedTwin(string Id, bool Deleted);
