namespace DigitalTwin.Api.Envelope;

internal sealed record ApiErrorBody(string Code, string Message);
