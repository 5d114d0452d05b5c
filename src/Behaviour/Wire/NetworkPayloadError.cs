namespace DigitalTwin.Behaviour.Wire;

/// <summary>Why a <c>device/{id}/network</c> payload was refused: a <see cref="WireErrorCodes"/> code and a readable message.</summary>
public sealed record NetworkPayloadError(string Code, string Message);
