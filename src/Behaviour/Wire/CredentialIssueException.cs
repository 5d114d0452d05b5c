namespace DigitalTwin.Behaviour.Wire;

/// <summary>A device's broker secret could not be issued through the API; the message names the device and the API's answer.</summary>
public sealed class CredentialIssueException(string message, Exception? inner = null) : Exception(message, inner);
