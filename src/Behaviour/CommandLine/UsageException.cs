namespace DigitalTwin.Behaviour.CommandLine;

/// <summary>A verb was given options it does not take or values it cannot use; the verb exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
