namespace DigitalTwin.Api.Envelope;

public sealed record ApiErrorBody(string Code, string Message);
